// English phrases of the console's dashboard (nested under `dashboard`).
export const dashboardEn = {
  nav: 'Dashboard',
  title: 'Dashboard',
  subtitle: 'How many people use your product, and how often.',
  total: 'Total users',
  new_today: 'New users today',
  new_week: 'New users, last 7 days',
  dau: 'Daily active users',
  wau: 'Weekly active users',
  mau: 'Monthly active users',
  delta: '{{delta}} from the period before',
  chart_title: 'Daily active users, last 14 days',
  chart_table: 'Daily active users by day',
  day: 'Day',
  users: 'Users',
  active_hint: 'Active means a token was issued to the user, or they signed in, that day.',
};

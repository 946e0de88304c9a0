import type { dashboardEn } from './dashboard.en.ts';

// Korean phrases of the console's dashboard: the same keys as English.
export const dashboardKo: typeof dashboardEn = {
  nav: '대시보드',
  title: '대시보드',
  subtitle: '제품을 사용하는 사람 수와 사용 빈도입니다.',
  total: '전체 사용자',
  new_today: '오늘 새 사용자',
  new_week: '최근 7일 새 사용자',
  dau: '일간 활성 사용자',
  wau: '주간 활성 사용자',
  mau: '월간 활성 사용자',
  delta: '이전 기간 대비 {{delta}}',
  chart_title: '최근 14일 일간 활성 사용자',
  chart_table: '날짜별 일간 활성 사용자',
  day: '날짜',
  users: '사용자',
  active_hint: '활성이란 그날 사용자에게 토큰이 발급되었거나 사용자가 로그인했다는 뜻입니다.',
};

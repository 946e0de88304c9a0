import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { errorMessage } from '../../api/errors.ts';
import { useApi } from '../../api/use-api.ts';

type WithDelta = { count: number; delta: number };
type NewUsers = { today: WithDelta; last7Days: WithDelta };
type ActiveUsers = { dauCurve: Array<{ date: string; count: number }>; dau: WithDelta; wau: WithDelta; mau: WithDelta };

/** One figure, a region named by its label; with a delta, its change from the period before. */
function Figure({ label, value, delta, testId }: { label: string; value?: number; delta?: number; testId: string }) {
  const { t, i18n } = useTranslation();
  const format = (number: number) => number.toLocaleString(i18n.language);
  return (
    <section className="card figure" aria-label={label}>
      <p className="muted">{label}</p>
      <p>
        <strong className="figure-value" data-testid={testId}>
          {value === undefined ? '…' : format(value)}
        </strong>
      </p>
      {delta === undefined ? null : (
        <p>
          <small className={delta < 0 ? 'error' : 'muted'}>
            {t('dashboard.delta', { delta: `${delta > 0 ? '+' : ''}${format(delta)}` })}
          </small>
        </p>
      )}
    </section>
  );
}

// Logto's dashboard figures (/api/dashboard/*) and the daily active users of the last 14 days.
export function Dashboard() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const total = useQuery({
    queryKey: ['dashboard', 'total'],
    queryFn: () => api.get<{ totalUserCount: number }>('/api/dashboard/users/total'),
  });
  const fresh = useQuery({ queryKey: ['dashboard', 'new'], queryFn: () => api.get<NewUsers>('/api/dashboard/users/new') });
  const active = useQuery({ queryKey: ['dashboard', 'active'], queryFn: () => api.get<ActiveUsers>('/api/dashboard/users/active') });
  const error = total.error ?? fresh.error ?? active.error;
  const curve = (active.data?.dauCurve ?? []).map(({ date, count }) => ({
    date,
    day: new Date(`${date}T00:00:00Z`).toLocaleDateString(i18n.language, { month: 'short', day: 'numeric', timeZone: 'UTC' }),
    count,
  }));

  return (
    <section aria-labelledby="dashboard-title">
      <div className="page-header">
        <div>
          <h1 id="dashboard-title">{t('dashboard.title')}</h1>
          <p className="muted">{t('dashboard.subtitle')}</p>
        </div>
      </div>
      {error ? (
        <p role="alert" className="error">
          {errorMessage(error)}
        </p>
      ) : null}
      <div className="cards">
        <Figure label={t('dashboard.total')} value={total.data?.totalUserCount} testId="figure-total" />
        <Figure
          label={t('dashboard.new_today')}
          value={fresh.data?.today.count}
          delta={fresh.data?.today.delta}
          testId="figure-new-today"
        />
        <Figure
          label={t('dashboard.new_week')}
          value={fresh.data?.last7Days.count}
          delta={fresh.data?.last7Days.delta}
          testId="figure-new-week"
        />
      </div>
      <div className="cards">
        <Figure label={t('dashboard.dau')} value={active.data?.dau.count} delta={active.data?.dau.delta} testId="figure-dau" />
        <Figure label={t('dashboard.wau')} value={active.data?.wau.count} delta={active.data?.wau.delta} testId="figure-wau" />
        <Figure label={t('dashboard.mau')} value={active.data?.mau.count} delta={active.data?.mau.delta} testId="figure-mau" />
      </div>
      <figure className="card" aria-labelledby="dashboard-chart-title">
        <figcaption id="dashboard-chart-title">
          <h2>{t('dashboard.chart_title')}</h2>
          <p className="muted">{t('dashboard.active_hint')}</p>
        </figcaption>
        {/* The chart is drawn for the eye; the table below gives screen readers the same numbers. */}
        <div aria-hidden="true" className="chart">
          <ResponsiveContainer width="100%" height={240}>
            <BarChart data={curve} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="day" tick={{ fontSize: 12 }} />
              <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
              <Tooltip />
              <Bar dataKey="count" name={t('dashboard.users')} fill="var(--primary)" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
        <table className="visually-hidden" aria-label={t('dashboard.chart_table')}>
          <thead>
            <tr>
              <th scope="col">{t('dashboard.day')}</th>
              <th scope="col">{t('dashboard.users')}</th>
            </tr>
          </thead>
          <tbody>
            {curve.map(({ date, day, count }) => (
              <tr key={date}>
                <td>{day}</td>
                <td>{count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </figure>
    </section>
  );
}

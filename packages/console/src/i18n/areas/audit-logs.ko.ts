import type { auditLogsEn } from './audit-logs.en.ts';

// Korean phrases of the console's audit log pages: the same keys as English.
export const auditLogsKo: typeof auditLogsEn = {
  nav: '감사 로그',
  title: '감사 로그',
  subtitle: '테넌트에서 일어난 일을 최신순으로 보여 줍니다.',
  filters: '필터',
  event: '이벤트',
  event_hint: '정확한 이벤트 키 (예: Interaction.SignIn.Submit)',
  user_id: '사용자 ID',
  application_id: '애플리케이션 ID',
  from: '시작',
  to: '끝',
  apply: '필터 적용',
  reset: '초기화',
  result: '결과',
  user: '사용자',
  application: '애플리케이션',
  time: '시간',
  results: { Success: '성공', Error: '오류' },
  back: '감사 로그 목록으로',
  details: '로그 상세',
  log_id: '로그 ID',
  ip: 'IP 주소',
  user_agent: '사용자 에이전트',
  payload: '전체 페이로드',
  time_range_invalid: '“시작”은 “끝”보다 늦을 수 없습니다',
};

import type { administratorsEn } from './administrators.en.ts';

// 관리자 페이지의 한국어 문구 (`administrators` 아래).
export const administratorsKo: typeof administratorsEn = {
  nav: '관리자',
  title: '관리자',
  subtitle: '이 콘솔에 로그인할 수 있는 사람들입니다. 모두 모든 권한을 가집니다.',
  name: '이름',
  username: '사용자 이름',
  email: '이메일 주소',
  you: '나',
  you_label: '본인입니다',
  create: '관리자 추가',
  create_title: '관리자 추가',
  create_text: '이 사용자 이름과, 한 번만 표시되는 생성된 비밀번호로 로그인합니다.',
  create_action: '추가',
  username_required: '사용자 이름을 입력하세요. 콘솔에 이 이름으로 로그인합니다',
  created: '관리자 {{name}}을(를) 추가했습니다',
  password_title: '새 관리자의 비밀번호',
  password_text: '지금 복사해서 안전하게 전달하세요. 다시 표시되지 않습니다. 프로필 페이지에서 바꿀 수 있습니다.',
  remove: '제거',
  remove_named: '{{name}} 제거',
  remove_title: '관리자 제거',
  remove_text: '{{name}}은(는) 더 이상 이 콘솔에 로그인할 수 없습니다. 계정이 삭제됩니다.',
  removed: '관리자 {{name}}을(를) 제거했습니다',
  last_admin_hint: '콘솔에는 항상 관리자가 한 명 이상 있어야 합니다. 마지막 관리자는 제거할 수 없습니다.',
};

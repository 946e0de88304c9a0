import type { profileEn } from './profile.en.ts';

// 로그인한 관리자의 프로필 페이지 한국어 문구 (`profile` 아래).
export const profileKo: typeof profileEn = {
  nav: '프로필',
  title: '프로필',
  subtitle: '내 관리자 계정입니다.',
  details: '계정 정보',
  name: '이름',
  username: '사용자 이름',
  avatar: '아바타 URL',
  avatar_hint: '이미지의 https:// 주소입니다. 없으면 비워 두세요.',
  avatar_invalid: 'http(s) URL을 입력하세요',
  avatar_alt: '내 아바타',
  email: '이메일 주소',
  no_email: '없음',
  saved: '프로필을 저장했습니다',
  password: '비밀번호',
  password_text: '현재 비밀번호를 입력한 뒤 새 비밀번호를 두 번 입력하세요.',
  current_password: '현재 비밀번호',
  new_password: '새 비밀번호',
  confirm_password: '새 비밀번호 확인',
  passwords_differ: '두 비밀번호가 같지 않습니다',
  change_password: '비밀번호 변경',
  password_changed: '비밀번호를 변경했습니다',
};

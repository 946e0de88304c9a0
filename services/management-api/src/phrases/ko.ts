import type { Phrases } from './index.ts';

export const ko: Phrases = {
  input: {
    username: '사용자 이름',
    password: '비밀번호',
    email: '이메일',
    phone_number: '전화번호',
    confirm_password: '비밀번호 확인',
    verification_code: '인증 코드',
  },
  action: {
    sign_in: '로그인',
    create_account: '계정 만들기',
    continue: '계속',
    back: '돌아가기',
    forgot_password: '비밀번호를 잊으셨나요?',
  },
  description: {
    no_account: '아직 계정이 없으신가요?',
    have_account: '이미 계정이 있으신가요?',
    enter_password: '비밀번호를 입력하세요',
  },
  error: {
    unknown: '문제가 발생했습니다. 잠시 후 다시 시도해 주세요.',
  },
};

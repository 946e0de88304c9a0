// The device page's phrases, in the languages the sign-in UI speaks (see i18n/). Kept beside the
// page: the device flow is its own small feature.
const en = {
  title: 'Connect a device',
  subtitle: 'Enter the code shown on your device.',
  code: 'Code',
  continue: 'Continue',
  confirm_title: 'Confirm the code',
  confirm_subtitle: 'Check that your device shows this code, then continue to sign in.',
  cancel: 'Cancel',
  success_title: 'Device connected',
  success: 'You are signed in on your device. You can close this page and return to it.',
  aborted: 'You cancelled: the device was not connected.',
  'error.NotFoundError': 'No device is waiting for this code. Check it and try again.',
  'error.ExpiredError': 'This code has expired. Start again on your device to get a new one.',
  'error.AlreadyUsedError': 'This code has already been used.',
  'error.NoCodeError': 'Enter the code shown on your device.',
  'error.other': 'The page expired. Enter the code again.',
  cookies: 'This page needs cookies. Allow them for this site and reload the page.',
};

export type DevicePhraseKey = keyof typeof en;

const ko: Record<DevicePhraseKey, string> = {
  title: '기기 연결',
  subtitle: '기기에 표시된 코드를 입력하세요.',
  code: '코드',
  continue: '계속',
  confirm_title: '코드 확인',
  confirm_subtitle: '기기에 이 코드가 표시되는지 확인한 후 로그인을 계속하세요.',
  cancel: '취소',
  success_title: '기기 연결됨',
  success: '기기에서 로그인되었습니다. 이 페이지를 닫고 기기로 돌아가세요.',
  aborted: '취소했습니다. 기기가 연결되지 않았습니다.',
  'error.NotFoundError': '이 코드를 기다리는 기기가 없습니다. 코드를 확인하고 다시 시도하세요.',
  'error.ExpiredError': '코드가 만료되었습니다. 기기에서 다시 시작해 새 코드를 받으세요.',
  'error.AlreadyUsedError': '이미 사용된 코드입니다.',
  'error.NoCodeError': '기기에 표시된 코드를 입력하세요.',
  'error.other': '페이지가 만료되었습니다. 코드를 다시 입력하세요.',
  cookies: '이 페이지에는 쿠키가 필요합니다. 이 사이트의 쿠키를 허용하고 페이지를 새로 고치세요.',
};

const tables: Record<string, Record<DevicePhraseKey, string>> = { en, ko };

export const devicePhrases = (language: string): Record<DevicePhraseKey, string> => tables[language] ?? en;

import type { Phrases } from './index.ts';

export const en: Phrases = {
  input: {
    username: 'Username',
    password: 'Password',
    email: 'Email',
    phone_number: 'Phone number',
    confirm_password: 'Confirm password',
    verification_code: 'Verification code',
  },
  action: {
    sign_in: 'Sign in',
    create_account: 'Create account',
    continue: 'Continue',
    back: 'Go back',
    forgot_password: 'Forgot password?',
  },
  description: {
    no_account: 'No account yet?',
    have_account: 'Already have an account?',
    enter_password: 'Enter your password',
  },
  error: {
    general_required: '{{types}} is required',
    invalid_password: 'The password is not valid',
    unknown: 'Something went wrong. Please try again later.',
  },
};

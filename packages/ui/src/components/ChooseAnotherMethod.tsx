// The way back from a binding page to the list of factors, offered only when there is a choice.
import { bindingPath, readMfaState } from '../flows/mfa.ts';
import { useTranslate } from '../i18n/index.ts';
import { Link } from './Link.tsx';

export function ChooseAnotherMethod() {
  const t = useTranslate();
  if ((readMfaState()?.bind?.length ?? 0) <= 1) return null;
  return (
    <p className="switch">
      <Link to={bindingPath()}>{t('link.choose_another_method')}</Link>
    </p>
  );
}

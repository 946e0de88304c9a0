import type { ConnectorResponse } from '@idp/schemas';
import { useFormContext } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { Form } from './form-model.ts';

const nameOf = (connector: ConnectorResponse, language: string) =>
  connector.name[language] ??
  connector.name[language.split('-')[0] ?? ''] ??
  connector.name.en ??
  Object.values(connector.name)[0] ??
  connector.target;

/** The social connectors the sign-in page shows, in the order it shows them. */
export function SocialSection({ connectors }: { connectors: ConnectorResponse[] }) {
  const { t, i18n } = useTranslation();
  const { watch, setValue } = useFormContext<Form>();
  const targets = watch('socialTargets');
  const social = connectors.filter((connector) => connector.type === 'Social');
  const byTarget = new Map(social.map((connector) => [connector.target, connector]));
  const label = (target: string) => {
    const connector = byTarget.get(target);
    return connector ? nameOf(connector, i18n.language) : target;
  };
  const set = (next: string[]) => setValue('socialTargets', next, { shouldDirty: true });
  const move = (index: number, by: number) => {
    const next = [...targets];
    const [moved] = next.splice(index, 1);
    next.splice(index + by, 0, moved!);
    set(next);
  };
  const available = [...new Set(social.map((connector) => connector.target))].filter((target) => !targets.includes(target));

  return (
    <section className="card" aria-labelledby="sie-social">
      <h2 id="sie-social">{t('sign_in_experience.social')}</h2>
      {social.length === 0 ? <p className="muted">{t('sign_in_experience.no_social')}</p> : null}
      <ol aria-label={t('sign_in_experience.social_shown')}>
        {targets.map((target, index) => (
          <li key={target} className="row">
            <span>{label(target)}</span>
            <button
              type="button"
              className="secondary"
              disabled={index === 0}
              onClick={() => move(index, -1)}
              aria-label={t('sign_in_experience.move_up', { name: label(target) })}
            >
              ↑
            </button>
            <button
              type="button"
              className="secondary"
              disabled={index === targets.length - 1}
              onClick={() => move(index, 1)}
              aria-label={t('sign_in_experience.move_down', { name: label(target) })}
            >
              ↓
            </button>
            <button type="button" className="secondary" onClick={() => set(targets.filter((other) => other !== target))}>
              {t('sign_in_experience.hide', { name: label(target) })}
            </button>
          </li>
        ))}
      </ol>
      {available.map((target) => (
        <button key={target} type="button" className="secondary" onClick={() => set([...targets, target])}>
          {t('sign_in_experience.show', { name: label(target) })}
        </button>
      ))}
    </section>
  );
}

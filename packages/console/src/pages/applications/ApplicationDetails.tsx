import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApplicationResponse } from '@idp/schemas';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { toast } from 'sonner';
import { errorMessage } from '../../api/errors.ts';
import { useApi } from '../../api/use-api.ts';
import { useUserEndpoint } from '../../api/use-user-endpoint.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { CopyField } from '../../components/CopyField.tsx';
import { ApplicationRoles } from './ApplicationRoles.tsx';
import { ApplicationSecrets } from './ApplicationSecrets.tsx';
import { ApplicationSettings } from './ApplicationSettings.tsx';
import { IntegrationSnippet } from './IntegrationSnippet.tsx';
import { isConfidential } from './types.ts';

export function ApplicationDetails() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [deleting, setDeleting] = useState(false);
  const endpoint = useUserEndpoint();
  const app = useQuery({ queryKey: ['application', id], queryFn: () => api.get<ApplicationResponse>(`/api/applications/${id}`) });
  const remove = useMutation({
    mutationFn: () => api.delete(`/api/applications/${id}`),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['applications'] });
      toast.success(t('applications.deleted', { name: app.data?.name }));
      navigate('/applications', { replace: true });
    },
  });

  if (app.isError) {
    return (
      <p role="alert" className="error">
        {errorMessage(app.error)}
      </p>
    );
  }
  if (!app.data) return <p className="muted">{t('common.loading')}</p>;
  const application = app.data;
  const kind = application.isThirdParty ? 'ThirdParty' : application.type;

  return (
    <section aria-labelledby="app-title">
      <Link to="/applications">{t('applications.back')}</Link>
      <div className="page-header">
        <div>
          <h1 id="app-title">{application.name}</h1>
          <p className="muted">{t(`applications.types.${kind}`)}</p>
        </div>
        <button type="button" className="danger" onClick={() => setDeleting(true)}>
          {t('common.delete')}
        </button>
      </div>
      <div className="card">
        <CopyField label={t('applications.app_id')} value={application.id} testId="app-id" />
        {endpoint ? <CopyField label={t('applications.issuer_endpoint')} value={`${endpoint}/oidc`} /> : null}
      </div>
      {isConfidential(application.type) ? <ApplicationSecrets applicationId={application.id} /> : null}
      <ApplicationSettings application={application} />
      {application.type === 'MachineToMachine' ? <ApplicationRoles applicationId={application.id} /> : null}
      <IntegrationSnippet application={application} />
      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title={t('applications.delete_title')}
        message={t('applications.delete_text', { name: application.name })}
        confirmText={application.name}
        actionLabel={t('common.delete')}
        onConfirm={() => remove.mutateAsync()}
      />
    </section>
  );
}

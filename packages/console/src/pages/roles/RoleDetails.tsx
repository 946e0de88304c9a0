import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { RoleResponse } from '@idp/schemas';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { errorMessage } from '../../api/errors.ts';
import { useApi } from '../../api/use-api.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { CopyField } from '../../components/CopyField.tsx';
import { RoleAssignments } from './RoleAssignments.tsx';
import { RolePermissions } from './RolePermissions.tsx';
import { RoleSettings } from './RoleSettings.tsx';

export function RoleDetails() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [deleting, setDeleting] = useState(false);
  const role = useQuery({ queryKey: ['role', id], queryFn: () => api.get<RoleResponse>(`/api/roles/${id}`) });
  if (role.isError)
    return (
      <p role="alert" className="error">
        {errorMessage(role.error)}
      </p>
    );
  if (!role.data) return <p className="muted">{t('common.loading')}</p>;
  const data = role.data;
  return (
    <section aria-labelledby="role-title">
      <Link to={`/roles?type=${data.type}`}>{t('roles.back')}</Link>
      <div className="page-header">
        <div>
          <h1 id="role-title">{data.name}</h1>
          <p className="muted">
            {t(`roles.types.${data.type}`)} · {data.description}
            {data.isDefault ? <span className="badge">{t('roles.default_badge')}</span> : null}
          </p>
        </div>
        <button type="button" className="danger" onClick={() => setDeleting(true)}>
          {t('common.delete')}
        </button>
      </div>
      <div className="card">
        <CopyField label={t('roles.role_id')} value={data.id} />
      </div>
      <RoleSettings role={data} />
      <RolePermissions roleId={id} />
      <RoleAssignments role={data} />
      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title={t('roles.delete_title')}
        message={t('roles.delete_text', { name: data.name })}
        confirmText={data.name}
        actionLabel={t('common.delete')}
        onConfirm={async () => {
          await api.delete(`/api/roles/${id}`);
          await queryClient.invalidateQueries({ queryKey: ['roles'] });
          navigate(`/roles?type=${data.type}`, { replace: true });
        }}
      />
    </section>
  );
}

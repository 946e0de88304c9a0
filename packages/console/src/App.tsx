import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes } from 'react-router';
import { Callback } from './auth/Callback.tsx';
import { ProtectedLayout } from './auth/ProtectedLayout.tsx';
import { Welcome } from './auth/Welcome.tsx';
import { GetStarted } from './pages/GetStarted.tsx';
import { NotFound } from './pages/NotFound.tsx';

// Each section loads when first opened: the first page a person sees stays small.
const ApplicationList = lazy(() => import('./pages/applications/ApplicationList.tsx').then((m) => ({ default: m.ApplicationList })));
const ApplicationDetails = lazy(() =>
  import('./pages/applications/ApplicationDetails.tsx').then((m) => ({ default: m.ApplicationDetails })),
);
const ResourceList = lazy(() => import('./pages/api-resources/ResourceList.tsx').then((m) => ({ default: m.ResourceList })));
const ResourceDetails = lazy(() => import('./pages/api-resources/ResourceDetails.tsx').then((m) => ({ default: m.ResourceDetails })));
const RoleList = lazy(() => import('./pages/roles/RoleList.tsx').then((m) => ({ default: m.RoleList })));
const RoleDetails = lazy(() => import('./pages/roles/RoleDetails.tsx').then((m) => ({ default: m.RoleDetails })));
const UserList = lazy(() => import('./pages/users/UserList.tsx').then((m) => ({ default: m.UserList })));
const UserDetails = lazy(() => import('./pages/users/UserDetails.tsx').then((m) => ({ default: m.UserDetails })));
const SignInExperience = lazy(() =>
  import('./pages/sign-in-experience/SignInExperience.tsx').then((m) => ({ default: m.SignInExperience })),
);
const ConnectorList = lazy(() => import('./pages/connectors/ConnectorList.tsx').then((m) => ({ default: m.ConnectorList })));
const ConnectorDetails = lazy(() => import('./pages/connectors/ConnectorDetails.tsx').then((m) => ({ default: m.ConnectorDetails })));
const Dashboard = lazy(() => import('./pages/dashboard/Dashboard.tsx').then((m) => ({ default: m.Dashboard })));
const TenantSettings = lazy(() => import('./pages/tenant-settings/TenantSettings.tsx').then((m) => ({ default: m.TenantSettings })));
const AuditLogList = lazy(() => import('./pages/audit-logs/AuditLogList.tsx').then((m) => ({ default: m.AuditLogList })));
const AuditLogDetails = lazy(() => import('./pages/audit-logs/AuditLogDetails.tsx').then((m) => ({ default: m.AuditLogDetails })));
const AdministratorList = lazy(() =>
  import('./pages/administrators/AdministratorList.tsx').then((m) => ({ default: m.AdministratorList })),
);
const Profile = lazy(() => import('./pages/profile/Profile.tsx').then((m) => ({ default: m.Profile })));

export function App() {
  const { t } = useTranslation();
  return (
    <Suspense fallback={<p className="muted page">{t('common.loading')}</p>}>
      <Routes>
        <Route path="/welcome" element={<Welcome />} />
        <Route path="/callback" element={<Callback />} />
        <Route element={<ProtectedLayout />}>
          <Route index element={<Navigate to="/get-started" replace />} />
          <Route path="/get-started" element={<GetStarted />} />
          <Route path="/applications" element={<ApplicationList />} />
          <Route path="/applications/:id" element={<ApplicationDetails />} />
          <Route path="/api-resources" element={<ResourceList />} />
          <Route path="/api-resources/:id" element={<ResourceDetails />} />
          <Route path="/roles" element={<RoleList />} />
          <Route path="/roles/:id" element={<RoleDetails />} />
          <Route path="/users" element={<UserList />} />
          <Route path="/users/:id" element={<UserDetails />} />
          <Route path="/sign-in-experience" element={<SignInExperience />} />
          <Route path="/connectors" element={<ConnectorList />} />
          <Route path="/connectors/:id" element={<ConnectorDetails />} />
          <Route path="/dashboard" element={<Dashboard />} />
          <Route path="/tenant-settings" element={<TenantSettings />} />
          <Route path="/audit-logs" element={<AuditLogList />} />
          <Route path="/audit-logs/:id" element={<AuditLogDetails />} />
          <Route path="/administrators" element={<AdministratorList />} />
          <Route path="/profile" element={<Profile />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </Suspense>
  );
}

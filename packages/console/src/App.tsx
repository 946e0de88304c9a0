import { Navigate, Route, Routes } from 'react-router';
import { Callback } from './auth/Callback.tsx';
import { ProtectedLayout } from './auth/ProtectedLayout.tsx';
import { Welcome } from './auth/Welcome.tsx';
import { ResourceDetails } from './pages/api-resources/ResourceDetails.tsx';
import { ResourceList } from './pages/api-resources/ResourceList.tsx';
import { ApplicationDetails } from './pages/applications/ApplicationDetails.tsx';
import { ApplicationList } from './pages/applications/ApplicationList.tsx';
import { GetStarted } from './pages/GetStarted.tsx';
import { NotFound } from './pages/NotFound.tsx';
import { RoleDetails } from './pages/roles/RoleDetails.tsx';
import { RoleList } from './pages/roles/RoleList.tsx';

export function App() {
  return (
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
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

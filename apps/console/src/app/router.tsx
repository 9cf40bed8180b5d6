import { type ComponentType, lazy } from 'react';
import { createBrowserRouter } from 'react-router';
import { SignInPage } from '../pages/sign-in/SignInPage';
import { NotFoundPage } from './NotFoundPage';
import { RequireAuth } from './RequireAuth';
import { RouteError } from './RouteError';
import { Shell } from './Shell';

/** Each area is its own chunk, so the first page loads only what it shows. */
function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(async () => ({ default: (await load())[name] }));
}

const DashboardPage = page(() => import('../pages/dashboard/DashboardPage'), 'DashboardPage');
const CertificatesPage = page(
  () => import('../pages/certificates/CertificatesPage'),
  'CertificatesPage',
);
const CertificatePage = page(
  () => import('../pages/certificate/CertificatePage'),
  'CertificatePage',
);
const ApprovalsPage = page(() => import('../pages/approvals/ApprovalsPage'), 'ApprovalsPage');
const MachinesPage = page(() => import('../pages/machines/MachinesPage'), 'MachinesPage');
const StorePage = page(() => import('../pages/machines/StorePage'), 'StorePage');
const CampaignsPage = page(() => import('../pages/campaigns/CampaignsPage'), 'CampaignsPage');
const NewCampaignPage = page(() => import('../pages/campaigns/NewCampaignPage'), 'NewCampaignPage');
const CampaignPage = page(() => import('../pages/campaigns/CampaignPage'), 'CampaignPage');
const AlertsPage = page(() => import('../pages/alerts/AlertsPage'), 'AlertsPage');
const ClockPage = page(() => import('../pages/clock/ClockPage'), 'ClockPage');
const AuditPage = page(() => import('../pages/audit/AuditPage'), 'AuditPage');

export const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage /> },
  {
    element: <RequireAuth />,
    errorElement: <RouteError fullPage />,
    children: [
      {
        element: <Shell />,
        children: [
          {
            // A page that fails (its code did not load) shows why inside the shell.
            errorElement: <RouteError />,
            children: [
              { index: true, element: <DashboardPage /> },
              { path: 'certificates', element: <CertificatesPage /> },
              { path: 'certificates/:id', element: <CertificatePage /> },
              { path: 'approvals', element: <ApprovalsPage /> },
              { path: 'machines', element: <MachinesPage /> },
              { path: 'stores/:id', element: <StorePage /> },
              { path: 'campaigns', element: <CampaignsPage /> },
              { path: 'campaigns/new', element: <NewCampaignPage /> },
              { path: 'campaigns/:id', element: <CampaignPage /> },
              { path: 'alerts', element: <AlertsPage /> },
              { path: 'clock', element: <ClockPage /> },
              { path: 'audit', element: <AuditPage /> },
              { path: '*', element: <NotFoundPage /> },
            ],
          },
        ],
      },
    ],
  },
]);

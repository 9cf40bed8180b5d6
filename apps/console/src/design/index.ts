// The pages' one import. The shell and sign-in import single files instead, so the first
// chunk does not carry components only later pages use (a barrel pulls every module in).
export {
  Badge,
  CampaignStateBadge,
  ItemStateBadge,
  JobStatusBadge,
  JOB_STATUS_WORDS,
  RequestStatusBadge,
  StateBadge,
  type Tone,
} from './Badge';
export { Banner, ErrorBanner } from './Banner';
export { Button, ButtonLink, DownloadLink, IconButton } from './Button';
export { Card } from './Card';
export { CopyButton } from './CopyButton';
export { ConfirmDialog, Dialog } from './Dialog';
export { EmptyState } from './EmptyState';
export { focusFirstInvalid, useFocusOnMount } from './focus';
export { Checkbox, Field, SelectField, TextAreaField, TextField } from './Field';
export { KeyValue, type KeyValueItem } from './KeyValue';
export { ProgressBar } from './ProgressBar';
export { Skeleton, SkeletonBlock, Spinner } from './Spinner';
export { Pager } from './Pager';
export { SimpleTable, type SimpleColumn } from './SimpleTable';
export { DataTable, type TableSort } from './Table';
export { Tabs, type TabItem } from './Tabs';
export { ToastProvider, useToast } from './Toast';

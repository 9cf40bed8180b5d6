import { type CollectionView } from '@certlab/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ColumnDef } from '@tanstack/react-table';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage, failureTitle } from '../../api/client';
import { createCollection } from '../../api/endpoints';
import { queryKeys } from '../../api/keys';
import {
  Banner,
  Button,
  Card,
  DataTable,
  EmptyState,
  focusFirstInvalid,
  TextField,
  useToast,
} from '../../design';
import {
  type CollectionForm,
  toCollectionInput,
  validateCollectionForm,
} from '../../lib/alert-form';
import { certificateListHref } from '../../lib/certificate-list-params';
import { formatUtc } from '../../lib/format';
import { QueryEditor } from '../common/QueryEditor';

const columns: ColumnDef<CollectionView>[] = [
  { id: 'name', header: 'Collection', cell: ({ row }) => <strong>{row.original.name}</strong> },
  {
    id: 'query',
    header: 'Query',
    cell: ({ row }) => (
      <Link to={certificateListHref({ query: row.original.query })} className="mono break">
        {row.original.query || '(every certificate)'}
      </Link>
    ),
  },
  {
    id: 'description',
    header: 'Description',
    cell: ({ row }) => <span className="subtle">{row.original.description}</span>,
  },
  {
    id: 'created',
    header: 'Created',
    cell: ({ row }) => <span className="nowrap">{formatUtc(row.original.createdAt)}</span>,
  },
];

const EMPTY: CollectionForm = { name: '', description: '', query: '' };

export function CollectionsPanel({
  collections,
  isAdmin,
}: {
  collections: readonly CollectionView[];
  isAdmin: boolean;
}) {
  const [form, setForm] = useState<CollectionForm>(EMPTY);
  const [submitted, setSubmitted] = useState(false);
  const queryClient = useQueryClient();
  const toast = useToast();
  const create = useMutation({
    mutationFn: () => createCollection(toCollectionInput(form)),
    onSuccess: (collection) => {
      toast('success', `Collection “${collection.name}” saved`);
      setForm(EMPTY);
      setSubmitted(false);
      void queryClient.invalidateQueries({ queryKey: queryKeys.collections });
    },
  });
  const problems = validateCollectionForm(form);
  const shown = submitted ? problems : {};
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(problems).length === 0) create.mutate();
    else focusFirstInvalid(event.currentTarget);
  };
  return (
    <div className="stack">
      <Card flush title="Collections">
        <DataTable
          label="Certificate collections"
          columns={columns}
          data={collections}
          getRowId={(collection) => String(collection.id)}
          empty={
            <EmptyState title="No collections">
              A collection is a saved query; alerts watch one.
            </EmptyState>
          }
        />
      </Card>
      {isAdmin && (
        <Card title="New collection">
          <form className="stack" onSubmit={submit} noValidate>
            <div className="form-grid">
              <TextField
                label="Name"
                value={form.name}
                onChange={(event) => setForm({ ...form, name: event.target.value })}
                error={shown.name}
                required
              />
              <TextField
                label="Description"
                value={form.description}
                onChange={(event) => setForm({ ...form, description: event.target.value })}
                error={shown.description}
              />
            </div>
            <QueryEditor
              value={form.query}
              onChange={(query) => setForm((current) => ({ ...current, query }))}
              error={shown.query}
              allowEmpty
            />
            {create.isError && (
              <Banner
                tone="danger"
                title={failureTitle(create.error, 'The server refused the collection')}
              >
                {errorMessage(create.error)}
              </Banner>
            )}
            <div>
              <Button type="submit" variant="primary" busy={create.isPending}>
                Save collection
              </Button>
            </div>
          </form>
        </Card>
      )}
    </div>
  );
}

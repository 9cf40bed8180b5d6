import { z } from 'zod';
import { lowerCaseKeys } from '@certlab/contracts';

/*
 * `POST /CertificateCollections` (CertificateCollectionCreateRequest). Names are matched
 * case-insensitively as .NET binds them; unknown properties are a 400. The document's options
 * certlab does not implement are accepted only with their "off" value, never silently ignored.
 */
const Off = (name: string, off: unknown) =>
  z
    .unknown()
    .refine((value) => value === undefined || value === null || value === off, {
      error: `${name} is not supported by certlab (leave it out)`,
    })
    .optional();

export const CollectionCreateSchema = z.preprocess(
  lowerCaseKeys,
  z.strictObject({
    id: Off('Id', 0),
    copyfromid: Off('CopyFromId (use the collection query instead)', 0),
    name: z
      .string({ error: 'Name is required' })
      .trim()
      .min(1, 'Name must not be empty')
      .max(100, 'Name is longer than 100 characters'),
    description: z
      .string({ error: 'Description must be a string' })
      .max(1000, 'Description is longer than 1000 characters')
      .nullish()
      .transform((value) => value ?? ''),
    query: z
      .string({ error: 'Query must be a string' })
      .nullish()
      .transform((value) => value?.trim() ?? ''),
    duplicationfield: Off('DuplicationField', 0),
    showondashboard: Off('ShowOnDashboard', false),
    favorite: Off('Favorite', false),
  }),
);
export type CollectionCreate = z.output<typeof CollectionCreateSchema>;

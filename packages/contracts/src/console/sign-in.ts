import { z } from 'zod';

/** `POST /api/session`. */
export const SignInRequestSchema = z.strictObject({
  username: z
    .string({ error: 'username is required' })
    .trim()
    .min(1, 'username is required')
    .max(128, 'username is longer than 128 characters'),
  password: z
    .string({ error: 'password is required' })
    .min(1, 'password is required')
    .max(1024, 'password is longer than 1024 characters'),
});
export type SignInRequest = z.input<typeof SignInRequestSchema>;

// The one door to @peculiar/x509. It resolves its algorithm providers through tsyringe, which
// needs the Reflect metadata API loaded first, whichever pki module is imported first.
import 'reflect-metadata';

export * from '@peculiar/x509';

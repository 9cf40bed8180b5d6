import { pkiContext } from '@certlab/pki';
import { runCryptoSelfTest, SELF_TEST_ALGORITHMS } from './crypto-self-test';

describe('crypto self-test', () => {
  it('passes with Node WebCrypto for every lab algorithm', async () => {
    const report = await runCryptoSelfTest();
    expect(report).toMatchObject({ passed: true, algorithms: SELF_TEST_ALGORITHMS });
  });

  it('fails, naming the algorithm, when the provider cannot generate a key', async () => {
    const real = pkiContext();
    const broken = pkiContext({
      crypto: {
        ...real.crypto,
        getRandomValues: real.crypto.getRandomValues.bind(real.crypto),
        subtle: new Proxy(real.crypto.subtle, {
          get(target, property) {
            if (property === 'generateKey') {
              return (params: { name: string }, ...rest: unknown[]) =>
                params.name === 'Ed25519'
                  ? Promise.reject(new Error('Unrecognized algorithm name'))
                  : (target.generateKey as (...args: unknown[]) => Promise<unknown>)(
                      params,
                      ...rest,
                    );
            }
            const value = Reflect.get(target, property) as unknown;
            return typeof value === 'function'
              ? (value as (...a: unknown[]) => unknown).bind(target)
              : value;
          },
        }),
      },
    });
    const report = await runCryptoSelfTest(broken);
    expect(report.passed).toBe(false);
    expect(report.algorithms).toEqual(['RSA-2048', 'P-256', 'P-384']);
    expect(report.failure).toBe('Ed25519: Unrecognized algorithm name');
  });
});

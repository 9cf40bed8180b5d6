import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../../config/config';
import { AuthService } from '../auth/auth.service';
import { readLabDefinition } from './lab-definition';
import { LabSeeder } from './lab-seeder.service';

export interface IssuedCredential {
  username: string;
  role: string;
  password: string;
}

/**
 * Brings the lab up at boot: the admin user, the lab seeded on first start, and the lab's users.
 * Passwords generated here are printed once, on the start that created them, and stored only as
 * scrypt hashes.
 */
@Injectable()
export class LabService implements OnModuleInit {
  private readonly logger = new Logger('Lab');
  /** Credentials created by this start (empty on later starts). */
  readonly issuedCredentials: IssuedCredential[] = [];

  constructor(
    private readonly config: AppConfig,
    private readonly auth: AuthService,
    private readonly seeder: LabSeeder,
  ) {}

  async onModuleInit(): Promise<void> {
    const admin = await this.auth.ensureUser(
      this.config.adminUser,
      'admin',
      this.config.adminPassword,
    );
    this.remember(admin, 'admin');
    if (this.config.agentPassword !== undefined) {
      await this.auth.ensureUser(this.config.agentUser, 'agent', this.config.agentPassword);
    }
    const { seeded } = await this.seeder.seedOnce(this.config.labFile);
    if (seeded) {
      for (const user of readLabDefinition(this.config.labFile).users) {
        this.remember(await this.auth.ensureUser(user.name, user.role, user.password), user.role);
      }
    }
    if (this.issuedCredentials.length > 0) {
      const lines = this.issuedCredentials.map(
        (c) => `  ${c.username.padEnd(12)} ${c.role.padEnd(9)} ${c.password}`,
      );
      // Printed, not logged through a transport: this is the only time anyone sees these passwords.
      process.stdout.write(
        `\nGenerated lab credentials (shown once; only their hashes are stored):\n${lines.join('\n')}\n\n`,
      );
    } else {
      this.logger.log(
        `users: ${this.config.adminUser} (admin) and the lab's users from earlier starts`,
      );
    }
  }

  private remember(result: { username: string; generatedPassword?: string }, role: string): void {
    if (result.generatedPassword)
      this.issuedCredentials.push({
        username: result.username,
        role,
        password: result.generatedPassword,
      });
  }
}

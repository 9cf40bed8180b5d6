import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Small key/value facts about the lab itself (which definition was seeded, and its digest). */
@Entity('lab_state')
export class LabStateEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key!: string;

  @Column({ type: 'text' })
  value!: string;
}

import { RequestError } from '@idp/errors';
import type { ExperienceState, InteractionDetails } from '@idp/schemas';
import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { fromRecentExperience, loadExperience, overwriteExperience, putRecord } from '../src/libraries/context.ts';
import type { OidcInteractionClient } from '../src/libraries/oidc-interaction.ts';
import { newExperience, type VerificationRecord } from '../src/libraries/state.ts';

// What a step does when its save loses a race with another request's save (context.ts): `update`
// re-reads once and applies its change to the newer state, `save` passes the 409 on. The oidc
// service is replaced by an in-memory store that compares versions as the real one does.
function memoryInteraction(initial: ExperienceState | null) {
  let stored = { experience: initial, version: initial ? 1 : 0 };
  const saves: number[] = [];
  let reads = 0;
  // What the real client keeps of its last read or save (OidcInteractionClient.recentDetails).
  let recent: InteractionDetails | undefined;
  const client: OidcInteractionClient = {
    recentDetails: () => (recent ? structuredClone(recent) : undefined),
    async details(): Promise<InteractionDetails> {
      reads += 1;
      return { uid: 'uid', params: {}, experience: structuredClone(stored.experience), version: stored.version };
    },
    // Without a version the save replaces whatever is stored, as the oidc service does.
    async saveExperience(_call, experience, sent) {
      const version = sent ?? stored.version;
      saves.push(version);
      if (version !== stored.version) throw new RequestError('session.interaction_conflict');
      stored = { experience: structuredClone(experience), version: version + 1 };
      return stored.version;
    },
    finish: async () => '',
    consentDetails: async () => ({
      applicationId: '',
      accountId: '',
      missingOIDCScope: [],
      resourceScopes: [],
      organizationsRequested: false,
    }),
    grantConsent: async () => '',
    revokeAccountSessions: async () => {},
    close: async () => {},
  };
  /** Another request's save, landing between this request's read and its save. */
  const saveElsewhere = (change: (state: ExperienceState) => void) => {
    const experience = structuredClone(stored.experience!);
    change(experience);
    stored = { experience, version: stored.version + 1 };
  };
  /** Keeps the stored state as this process's recent copy of it. */
  const remember = () => {
    recent = { uid: 'uid', params: {}, experience: structuredClone(stored.experience), version: stored.version };
  };
  return { client, saves, saveElsewhere, remember, stored: () => stored, reads: () => reads };
}

const request = { tenantId: 'default', headers: { cookie: 'interaction=1' } } as unknown as FastifyRequest;
const password = (id: string): VerificationRecord => ({
  id,
  type: 'Password',
  identifier: { type: 'username', value: 'ada' },
  verified: true,
  userId: 'user',
});

describe('versioned experience saves', () => {
  it('keeps both records when another step saved in between (update re-reads once)', async () => {
    const memory = memoryInteraction(newExperience('SignIn'));
    const experience = await loadExperience(memory.client, request);
    memory.saveElsewhere((state) => putRecord(state, password('theirs')));
    await experience.update((state) => putRecord(state, password('mine')));
    expect(memory.stored().experience?.verificationRecords.map(({ id }) => id)).toEqual(['theirs', 'mine']);
    expect(memory.saves).toEqual([1, 2]);
  });

  it('passes the conflict on when the newer state no longer allows the change', async () => {
    const memory = memoryInteraction({ ...newExperience('SignIn'), verificationRecords: [password('record')] });
    const experience = await loadExperience(memory.client, request);
    memory.saveElsewhere((state) => {
      state.verificationRecords = [];
    });
    const change = (state: ExperienceState) => {
      if (!state.verificationRecords.some(({ id }) => id === 'record')) throw new RequestError('session.verification_session_not_found');
    };
    await expect(experience.update(change)).rejects.toMatchObject({ code: 'session.verification_session_not_found' });
  });

  it('answers 409 when a save loses twice, and when a plain save loses once', async () => {
    const memory = memoryInteraction(newExperience('SignIn'));
    const experience = await loadExperience(memory.client, request);
    memory.saveElsewhere(() => {});
    await expect(
      experience.update((state) => {
        putRecord(state, password('mine'));
        memory.saveElsewhere(() => {}); // yet another save before the retry's
      }),
    ).rejects.toMatchObject({ code: 'session.interaction_conflict', status: 409 });

    const plain = await loadExperience(memory.client, request);
    memory.saveElsewhere(() => {});
    await expect(plain.save()).rejects.toMatchObject({ code: 'session.interaction_conflict' });
  });

  it('carries the new version to a second save in the same step', async () => {
    const memory = memoryInteraction(newExperience('SignIn'));
    const experience = await loadExperience(memory.client, request);
    await experience.save();
    await experience.save();
    expect(memory.saves).toEqual([1, 2]);
  });

  it('overwrites whatever another step saved when restarting', async () => {
    const memory = memoryInteraction(newExperience('SignIn'));
    await overwriteExperience(memory.client, { tenantId: 'default', cookie: undefined }, newExperience('Register'), 0);
    expect(memory.stored()).toMatchObject({ version: 2, experience: { interactionEvent: 'Register' } });
  });

  it('starts an experience in one call: no read before the save', async () => {
    const memory = memoryInteraction(newExperience('SignIn'));
    await overwriteExperience(memory.client, { tenantId: 'default', cookie: undefined }, newExperience('Register'));
    expect(memory.reads()).toBe(0);
    expect(memory.saves).toEqual([1]);
    expect(memory.stored()).toMatchObject({ version: 2, experience: { interactionEvent: 'Register' } });
  });

  it('starts a step from the recent copy without a read, and again on a fresh read when the copy was stale', async () => {
    const memory = memoryInteraction(newExperience('SignIn'));
    memory.remember();
    const identify = (attempts: boolean[]) =>
      fromRecentExperience(
        async (options) => {
          const experience = await loadExperience(memory.client, request, undefined, options);
          attempts.push(Boolean(options.usedRecent));
          experience.state.userId = 'user';
          await experience.save();
        },
        ['SignIn'],
      );

    const fresh: boolean[] = [];
    await identify(fresh);
    expect(fresh).toEqual([true]);
    expect(memory.reads()).toBe(0);

    // Another replica saved after this process's copy: the save conflicts, the step runs again on
    // what is stored, and keeps what the other one added.
    memory.saveElsewhere((state) => putRecord(state, password('theirs')));
    const stale: boolean[] = [];
    await identify(stale);
    expect(stale).toEqual([true, false]);
    expect(memory.reads()).toBe(1);
    expect(memory.stored().experience).toMatchObject({ userId: 'user', verificationRecords: [{ id: 'theirs' }] });
  });

  it('reads the stored state when the recent copy is of an event the step does not take it for', async () => {
    const memory = memoryInteraction(newExperience('Register'));
    memory.remember();
    const used: boolean[] = [];
    await fromRecentExperience(
      async (options) => {
        await loadExperience(memory.client, request, undefined, options);
        used.push(Boolean(options.usedRecent));
      },
      ['SignIn'],
    );
    expect(used).toEqual([false]);
    expect(memory.reads()).toBe(1);
  });
});

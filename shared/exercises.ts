/**
 * The guided lab exercises. Each has a goal, steps, a prediction the student writes down
 * before running anything, questions the report answers, and the scenarios it runs
 * (ordinary scenarios, also shipped as `examples/<file>`). Every scenario is chosen so
 * the effect it is about shows in simulation with its seed; the tests hold them to it.
 */
import type { ScenarioInput } from './scenario.js';

export interface ExerciseScenario {
  /** Short id, unique within the exercise. */
  id: string;
  label: string;
  /** The file name under examples/. */
  file: string;
  scenario: ScenarioInput;
}

export interface Exercise {
  id: string;
  title: string;
  goal: string;
  steps: string[];
  /** What the student predicts, in writing, before the first run. */
  prediction: string;
  questions: string[];
  scenarios: ExerciseScenario[];
}

const timing = { networkDelayMs: [1, 3] as [number, number], heartbeatMs: 50, failureTimeoutMs: 200, clientTimeoutMs: 400, clientRetries: 3 };
const workload = { clients: 2, ratePerSecond: 100, durationMs: 2000 };
const options = { dedup: true, fencing: true };

/** Primary-backup whose primary drops a fifth of what it sends for a while: replies get lost. */
const lostReplies: ScenarioInput = {
  faultlab: 1,
  scheme: 'primary-backup',
  failureModel: 'fail-stop',
  k: 1,
  replicas: 2,
  service: 'counter',
  seed: 7,
  workload,
  timing,
  faults: [{ atMs: 300, type: 'omission', replica: 1, probability: 0.2, direction: 'send', untilMs: 1500 }],
};

/** A partition that puts replica 1 and client 1 on one side, the other replicas and client 2 on the other. */
const clientSplittingPartition: ScenarioInput = {
  faultlab: 1,
  scheme: 'primary-backup',
  failureModel: 'fail-stop',
  k: 2,
  replicas: 3,
  service: 'counter',
  seed: 7,
  workload,
  timing,
  faults: [
    { atMs: 500, type: 'partition', groups: [[1, 'client-1'], [2, 3, 'client-2']] },
    { atMs: 1500, type: 'heal' },
  ],
};

export const EXERCISES: Exercise[] = [
  {
    id: 'why-2k-plus-1',
    title: 'Why 2k+1 replicas?',
    goal: 'See that voting masks k arbitrary (Byzantine) failures with 2k+1 replicas, and fails with 2k replicas or k+1 liars.',
    steps: [
      'Run the first scenario (3 replicas, one colluding liar) and read the vote tally.',
      'Run the second (the same liar, but only 2k = 2 replicas).',
      'Run the third (3 replicas, two colluding liars).',
      'Run `faultlab sweep --kind collude` and find where each configuration breaks.',
    ],
    prediction: 'For k = 1, what happens to the answers with 3 replicas and one liar, with 2 replicas and one liar, and with 3 replicas and two colluding liars?',
    questions: [
      'How many matching replies does the voter need for k = 1, and why that number?',
      'With 2k replicas and one liar, were answers wrong, or undecided? Why not the other?',
      'Why can k+1 colluding liars make the voter accept a wrong value, while k+1 liars who disagree cannot?',
    ],
    scenarios: [
      {
        id: 'masked',
        label: '2k+1 = 3 replicas, one colluding liar',
        file: 'why-2k-plus-1-masked.faultlab.json',
        scenario: { faultlab: 1, name: 'Why 2k+1: one liar among 3', scheme: 'state-machine', failureModel: 'arbitrary', k: 1, replicas: 3, service: 'kv', seed: 11, workload, timing, options, faults: [{ atMs: 0, type: 'byzantine', replica: 3, behavior: 'collude' }] },
      },
      {
        id: 'two-replicas',
        label: '2k = 2 replicas, one colluding liar',
        file: 'why-2k-plus-1-two-replicas.faultlab.json',
        scenario: { faultlab: 1, name: 'Why 2k+1: one liar among 2', scheme: 'state-machine', failureModel: 'arbitrary', k: 1, replicas: 2, service: 'kv', seed: 11, workload, timing, options, faults: [{ atMs: 0, type: 'byzantine', replica: 2, behavior: 'collude' }] },
      },
      {
        id: 'two-liars',
        label: '2k+1 = 3 replicas, two colluding liars (k+1)',
        file: 'why-2k-plus-1-two-liars.faultlab.json',
        scenario: {
          faultlab: 1,
          name: 'Why 2k+1: two colluding liars among 3',
          scheme: 'state-machine',
          failureModel: 'arbitrary',
          k: 1,
          replicas: 3,
          service: 'kv',
          seed: 11,
          workload,
          timing,
          options,
          faults: [
            { atMs: 0, type: 'byzantine', replica: 2, behavior: 'collude' },
            { atMs: 0, type: 'byzantine', replica: 3, behavior: 'collude' },
          ],
        },
      },
    ],
  },
  {
    id: 'pb-request-loss',
    title: 'Request loss in primary-backup',
    goal: 'See requests lost when the primary crashes and clients do not retry, and how retries with deduplication close the gap.',
    steps: [
      'Run the first scenario (primary crashes at 1 s, clients never retry) and count the lost requests.',
      'Read the failover timeline: when did the backup suspect the primary, when did it take over?',
      'Run the second scenario (the same crash, clients retry up to 3 times).',
    ],
    prediction: 'How many requests do you expect to be lost when the primary crashes, with and without client retries? Which ones?',
    questions: [
      'Which requests were lost: those issued when? Relate them to the detection and unavailability times.',
      'Why did retries make the loss disappear, and what would a retry without the dedup table risk?',
      'Does state-machine replication lose requests when one replica crashes? Why not?',
    ],
    scenarios: [
      {
        id: 'no-retry',
        label: 'primary crash, no client retries',
        file: 'pb-request-loss-no-retry.faultlab.json',
        scenario: { faultlab: 1, name: 'Request loss: the primary crashes, no retries', scheme: 'primary-backup', failureModel: 'fail-stop', k: 1, replicas: 2, service: 'counter', seed: 7, workload, timing: { ...timing, clientRetries: 0 }, options, faults: [{ atMs: 1000, type: 'crash', replica: 1 }] },
      },
      {
        id: 'retry',
        label: 'primary crash, clients retry',
        file: 'pb-request-loss-retry.faultlab.json',
        scenario: { faultlab: 1, name: 'Request loss: the primary crashes, clients retry', scheme: 'primary-backup', failureModel: 'fail-stop', k: 1, replicas: 2, service: 'counter', seed: 7, workload, timing, options, faults: [{ atMs: 1000, type: 'crash', replica: 1 }] },
      },
    ],
  },
  {
    id: 'duplicates-without-dedup',
    title: 'Duplicates without deduplication',
    goal: 'See a retried request executed twice when the primary keeps no dedup table, and the wrong answers that follow.',
    steps: [
      'Run the first scenario: the primary loses 20% of what it sends between 0.3 s and 1.5 s, dedup is off.',
      'Count the requests executed twice and the wrong answers.',
      'Run the second scenario: the same faults with dedup on.',
    ],
    prediction: 'If a reply is lost and the client retries, what does the primary do with the retried request, with and without a dedup table?',
    questions: [
      'Why did lost replies (not lost requests) cause double execution?',
      'Why does one double execution of a counter increment make later answers wrong too?',
      'Why must the dedup table be replicated to the backups along with the state?',
    ],
    scenarios: [
      {
        id: 'no-dedup',
        label: 'lost replies, dedup off',
        file: 'duplicates-without-dedup-off.faultlab.json',
        scenario: { ...lostReplies, name: 'Duplicates: lost replies, dedup off', options: { dedup: false, fencing: true } },
      },
      {
        id: 'dedup',
        label: 'lost replies, dedup on',
        file: 'duplicates-without-dedup-on.faultlab.json',
        scenario: { ...lostReplies, name: 'Duplicates: lost replies, dedup on', options },
      },
    ],
  },
  {
    id: 'split-brain',
    title: 'Split brain without fencing',
    goal: 'See two primaries serve at once when a partition splits replicas and clients and nothing fences the old primary.',
    steps: [
      'Run the first scenario: a partition at 0.5 s puts replica 1 and client 1 on one side, replicas 2, 3 and client 2 on the other; fencing is off.',
      'Read the failover timeline: how long were there two primaries?',
      'Run the second scenario: the same partition with fencing (arbiter and lease) on.',
    ],
    prediction: 'With fencing off, what does replica 1 do while cut off from the other replicas but still reached by client 1?',
    questions: [
      'Which answers were counted wrong, and why do they count as wrong although each side computed correctly?',
      'How does the lease stop the deposed primary, and what does it cost in availability?',
      'Could a timeout alone (without an arbiter) prevent split brain? Why not?',
    ],
    scenarios: [
      {
        id: 'no-fencing',
        label: 'partition, fencing off',
        file: 'split-brain-no-fencing.faultlab.json',
        scenario: { ...clientSplittingPartition, name: 'Split brain: a partition splits the clients, fencing off', options: { dedup: true, fencing: false } },
      },
      {
        id: 'fencing',
        label: 'partition, fencing on',
        file: 'split-brain-fencing.faultlab.json',
        scenario: { ...clientSplittingPartition, name: 'Split brain prevented: the same partition, fencing on', options },
      },
    ],
  },
  {
    id: 'false-suspicion',
    title: 'False suspicion from a timeout that is too short',
    goal: 'See a live but slow primary suspected and replaced when the failure timeout is shorter than the delays it must tolerate.',
    steps: [
      'Run the first scenario: the primary\'s messages are delayed by 300 ms between 0.3 s and 1 s; the failure timeout is 200 ms.',
      'Find the failover in the timeline, and check whether any replica crashed.',
      'Run the second scenario: the same delay, failure timeout 600 ms (client timeout 1500 ms).',
    ],
    prediction: 'Will the backup take over although the primary never fails? What would you set the timeout to?',
    questions: [
      'What did the backup observe that made it suspect the primary? Was the suspicion true?',
      'What did the false suspicion cost (failovers, unavailability), and what does a long timeout cost instead?',
      'Why can no timeout tell a slow process from a crashed one in an asynchronous system?',
    ],
    scenarios: [
      {
        id: 'short-timeout',
        label: 'delayed primary, 200 ms failure timeout',
        file: 'false-suspicion-short-timeout.faultlab.json',
        scenario: { faultlab: 1, name: 'False suspicion: slow primary, 200 ms timeout', scheme: 'primary-backup', failureModel: 'fail-stop', k: 1, replicas: 2, service: 'counter', seed: 7, workload, timing, options, faults: [{ atMs: 300, type: 'delay', replica: 1, ms: 300, untilMs: 1000 }] },
      },
      {
        id: 'long-timeout',
        label: 'delayed primary, 600 ms failure timeout',
        file: 'false-suspicion-long-timeout.faultlab.json',
        scenario: {
          faultlab: 1,
          name: 'No false suspicion: slow primary, 600 ms timeout',
          scheme: 'primary-backup',
          failureModel: 'fail-stop',
          k: 1,
          replicas: 2,
          service: 'counter',
          seed: 7,
          workload,
          timing: { ...timing, failureTimeoutMs: 600, clientTimeoutMs: 1500 },
          options,
          faults: [{ atMs: 300, type: 'delay', replica: 1, ms: 300, untilMs: 1000 }],
        },
      },
    ],
  },
  {
    id: 'cost-of-replication',
    title: 'What replication costs',
    goal: 'Measure what state-machine replication pays for masking arbitrary failures: replicas, request copies, messages, executions and CPU time, against primary-backup.',
    steps: [
      'Run `faultlab compare examples/cost-of-replication.faultlab.json` (real mode measures CPU time; `--mode sim` counts messages).',
      'Read the rows "Request copy" and "Overall cost" of the table.',
      'Repeat with k = 2 in the scenario and see how each figure grows.',
    ],
    prediction: 'For k = 1, how many times more messages per request do you expect state-machine replication to need than primary-backup? And for k = 2?',
    questions: [
      'Which figures grow with n under state-machine replication, and which stay flat under primary-backup?',
      'What does primary-backup save, and which guarantee does it give up for that?',
      'Why are commercial systems more often primary-backup?',
    ],
    scenarios: [
      {
        id: 'no-faults',
        label: 'no faults, k = 1',
        file: 'cost-of-replication.faultlab.json',
        scenario: { faultlab: 1, name: 'What replication costs (k = 1, no faults)', scheme: 'state-machine', failureModel: 'arbitrary', k: 1, replicas: 3, service: 'kv', seed: 5, workload, timing, options, faults: [] },
      },
    ],
  },
  {
    id: 'lying-primary',
    title: 'A lying primary',
    goal: 'See why primary-backup is built for fail-stop failures only: a primary that lies is believed, while voting masks the same liar.',
    steps: [
      'Run `faultlab compare examples/lying-primary.faultlab.json`: replica 1 lies from 0.5 s, under both schemes.',
      'Compare the wrong answers accepted on each side.',
    ],
    prediction: 'How many wrong answers will clients accept under each scheme once replica 1 starts lying?',
    questions: [
      'Why did no backup notice that the primary lied?',
      'How many replicas would primary-backup-like schemes need to mask one liar, and what would they have to do differently?',
    ],
    scenarios: [
      {
        id: 'lying-primary',
        label: 'replica 1 lies from 0.5 s',
        file: 'lying-primary.faultlab.json',
        scenario: { faultlab: 1, name: 'A lying replica 1 (the first primary)', scheme: 'primary-backup', failureModel: 'fail-stop', k: 1, replicas: 2, service: 'kv', seed: 3, workload, timing, options, faults: [{ atMs: 500, type: 'byzantine', replica: 1, behavior: 'lie' }] },
      },
    ],
  },
];

export function findExercise(id: string): Exercise | undefined {
  return EXERCISES.find((e) => e.id === id);
}

/**
 * Test doubles for code that uses crl (the `crl/testing` entry): a fake OpenAI-compatible guard model
 * server for WaltzRL Stage 2, and labelled canary traffic for a stage rollout. Not part of the main entry.
 */
export { startFakeModelServer, labelledOracle, type FakeModelServer, type FakeModelMode, type FakeModelOptions } from './fake-model-server';
export { startFakeGuardServer, OFF_FORMAT_ANSWERS, type FakeGuardServer, type FakeGuardMode, type FakeGuardOptions } from './fake-guard-server';
export { serveLabelled, type ServedReview } from './canary-traffic';

// @vplan/service-testing: one vplan service booted in-process for integration specs (README.md).
export {
  TEST_API_KEYS,
  TEST_TOKENS,
  startTestService,
  type StartTestServiceOptions,
  type TestRole,
  type TestService,
} from './test-service';

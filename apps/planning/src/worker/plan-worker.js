'use strict';
// Worker threads start from JavaScript: register the TypeScript hook, then run the body.
require('@vplan/ts-register');
require('./plan-worker.ts');

#!/usr/bin/env node
'use strict';
// Starts the planning service (env: PORT, NATS_URL, MONGODB_URI, VPLAN_PREFIX, VPLAN_API_KEYS, …).
require('@vplan/ts-register');
require('../src/main.ts');

#!/usr/bin/env node
'use strict';
// Starts the workloads service (HTTP + NATS + the ingest consumers) with the environment
// of @vplan/platform's loadConfig plus the WORKLOADS_* variables (see README.md).
require('@vplan/ts-register');
require('../src/main.ts');

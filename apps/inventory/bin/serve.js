#!/usr/bin/env node
'use strict';
// Starts the inventory service (HTTP + NATS) with the environment of @vplan/platform's loadConfig.
require('@vplan/ts-register');
require('../src/main.ts');

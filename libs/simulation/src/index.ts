export { generateEstate, archetypeOf, DEFAULT_ESTATE_OPTIONS, type EstateOptions } from './estate';
export { ARCHETYPES, type Archetype } from './roles';
export { SITES, type Site } from './catalog';

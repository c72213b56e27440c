// The entry of dist/faker.js: only the English faker (about 0.4 MB minified; the package with every locale
// is many times that). Loaded through vendor.ts on the first faker placeholder, never at activation.
export { faker } from '@faker-js/faker';

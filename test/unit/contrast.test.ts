// The contrast arithmetic the theme UI tests rely on, checked against known WCAG values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contrastRatio, effectiveBackground, parseColor } from '../ui/contrast';

test('WCAG contrast ratios of known pairs', () => {
  const white = parseColor('rgb(255, 255, 255)');
  assert.equal(contrastRatio(parseColor('rgb(0, 0, 0)'), white), 21);
  assert.equal(contrastRatio(white, white), 1);
  // #767676 on white is the classic just-passing AA grey (4.54:1); #73c991 (testing.iconPassed) is about 2:1.
  assert.equal(contrastRatio(parseColor('rgb(118, 118, 118)'), white).toFixed(2), '4.54');
  assert.equal(contrastRatio(parseColor('rgb(115, 201, 145)'), white).toFixed(2), '2.00');
});

test('the effective background composites semi-transparent layers over the first opaque one', () => {
  assert.deepEqual(effectiveBackground(['rgba(0, 0, 0, 0)', 'rgb(31, 31, 31)', 'rgb(255, 255, 255)']), { r: 31, g: 31, b: 31, a: 1 });
  assert.deepEqual(effectiveBackground(['rgba(0, 0, 0, 0.5)', 'rgb(255, 255, 255)']), { r: 127.5, g: 127.5, b: 127.5, a: 1 });
  assert.deepEqual(effectiveBackground([]), { r: 255, g: 255, b: 255, a: 1 });
  assert.deepEqual(parseColor('rgba(1, 2, 3, 0.25)'), { r: 1, g: 2, b: 3, a: 0.25 });
});

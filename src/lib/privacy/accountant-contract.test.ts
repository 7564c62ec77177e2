/** One contract, every accountant in the registry: what any PrivacyAccountant must do. */
import { describe, expect, it } from 'vitest';
import {
  composedEvent,
  dpSgdEvent,
  gaussianEvent,
  noOpEvent,
  poissonSampledEvent,
  selfComposedEvent,
} from './dp-event';
import {
  ACCOUNTANT_NAMES,
  accountantFromJSON,
  makeAccountant,
  type AnyAccountantJson,
} from './privacy-accountant';

const q = 0.01;
const sigma = 1.1;

for (const name of ACCOUNTANT_NAMES) {
  describe(`accountant contract: ${name}`, () => {
    it('is built by name and knows its name', () => {
      expect(makeAccountant(name).name).toBe(name);
    });

    it('nothing composed (or a no-op) gives ε = 0 and δ = 0', () => {
      const acc = makeAccountant(name).compose(noOpEvent());
      expect(acc.getEpsilon(1e-5).epsilon).toBe(0);
      expect(acc.getDelta(1)).toBe(0);
    });

    it('composing in parts equals composing at once; more steps give more ε', () => {
      const whole = makeAccountant(name).compose(
        dpSgdEvent({ sampleRate: q, noiseMultiplier: sigma, steps: 300 }),
      );
      const parts = makeAccountant(name)
        .compose(dpSgdEvent({ sampleRate: q, noiseMultiplier: sigma, steps: 100 }))
        .compose(selfComposedEvent(poissonSampledEvent(q, gaussianEvent(sigma)), 200));
      expect(parts.totalSteps).toBe(300);
      expect(parts.getEpsilon(1e-5).epsilon).toBe(whole.getEpsilon(1e-5).epsilon);
      const fewer = makeAccountant(name).record(q, sigma, 100);
      expect(fewer.getEpsilon(1e-5).epsilon).toBeLessThan(whole.getEpsilon(1e-5).epsilon);
    });

    it('ε for δ and δ for ε agree: δ(ε(δ)) ≤ δ, and a smaller ε needs a larger δ', () => {
      const acc = makeAccountant(name).record(q, sigma, 1000);
      const eps = acc.getEpsilon(1e-6).epsilon;
      expect(eps).toBeGreaterThan(0);
      expect(acc.getDelta(eps)).toBeLessThanOrEqual(1e-6 * (1 + 1e-9));
      expect(acc.getDelta(eps * 0.9)).toBeGreaterThan(1e-6);
    });

    it('says whether an event is supported before changing state; an unsupported one throws and changes nothing', () => {
      const acc = makeAccountant(name).record(q, sigma, 10);
      const before = JSON.stringify(acc.toJSON());
      const bad = composedEvent([
        gaussianEvent(1),
        poissonSampledEvent(0.1, noOpEvent()),
        poissonSampledEvent(0.1, dpSgdEvent({ sampleRate: 0.5, noiseMultiplier: 1, steps: 2 })),
      ]);
      expect(acc.supports(gaussianEvent(2))).toBe(true);
      expect(acc.supports(bad)).toBe(false);
      expect(acc.unsupportedReason(bad)).toMatch(/supports Poisson sampling of a Gaussian/);
      expect(JSON.stringify(acc.toJSON())).toBe(before);
      expect(() => acc.compose(bad)).toThrow(/Poisson sampling of a Gaussian/);
      expect(JSON.stringify(acc.toJSON())).toBe(before);
    });

    it('round-trips through tagged JSON with the same ε', () => {
      const acc = makeAccountant(name).record(q, sigma, 400).record(0.02, 2, 50);
      const json = JSON.parse(JSON.stringify(acc.toJSON())) as AnyAccountantJson;
      expect(json.accountant).toBe(name);
      const back = accountantFromJSON(json);
      expect(back.name).toBe(name);
      expect(back.getEpsilon(1e-5).epsilon).toBe(acc.getEpsilon(1e-5).epsilon);
    });
  });
}

describe('registry', () => {
  it('refuses unknown names and JSON with a clear message', () => {
    expect(() => makeAccountant('prv')).toThrow(/accountant must be one of rdp, pld, got "prv"/);
    expect(() => accountantFromJSON({ accountant: 'x' } as never)).toThrow(/unknown accountant/);
  });

  it('PLD gives a smaller ε than RDP for DP-SGD (both upper bounds)', () => {
    const rdp = makeAccountant('rdp')
      .record(256 / 60000, 1.1, 14063)
      .getEpsilon(1e-5).epsilon;
    const pld = makeAccountant('pld')
      .record(256 / 60000, 1.1, 14063)
      .getEpsilon(1e-5).epsilon;
    expect(pld).toBeLessThan(rdp);
    expect(pld).toBeGreaterThan(0.8 * rdp);
  });
});

describe('calibration and budgets under either accountant (planProbe)', () => {
  it('target ε: PLD needs less noise than RDP, and its ε stays ≤ the target', async () => {
    const { planProbe, DEFAULT_PROBE_CONFIG } = await import('../dp/plan');
    const base = { ...DEFAULT_PROBE_CONFIG, privacy: { kind: 'target-epsilon' as const, targetEpsilon: 1 } };
    const rdp = planProbe(base, 50000);
    const pld = planProbe({ ...base, accountant: 'pld' }, 50000);
    expect(pld.noiseMultiplier).toBeLessThan(rdp.noiseMultiplier);
    const eps = makeAccountant('pld')
      .record(pld.sampleRate, pld.noiseMultiplier, pld.steps)
      .getEpsilon(1e-6).epsilon;
    expect(eps).toBeLessThanOrEqual(1);
    expect(eps).toBeGreaterThan(0.99);
  });

  it('budget: PLD allows more steps than RDP at the same σ, and the last allowed step fits the budget', async () => {
    const { planProbe, DEFAULT_PROBE_CONFIG } = await import('../dp/plan');
    const base = {
      ...DEFAULT_PROBE_CONFIG,
      epochs: 100,
      // ε = 2: RDP affords some steps too (at ε = 1 it affords none at σ = 1, and refuses the plan)
      privacy: { kind: 'budget' as const, noiseMultiplier: 1, budgetEpsilon: 2 },
    };
    const rdp = planProbe(base, 50000);
    const pld = planProbe({ ...base, accountant: 'pld' }, 50000);
    expect(rdp.steps).toBeGreaterThan(0);
    expect(pld.steps).toBeGreaterThan(rdp.steps);
    const at = (steps: number) =>
      makeAccountant('pld').record(pld.sampleRate, 1, steps).getEpsilon(1e-6).epsilon;
    expect(at(pld.steps)).toBeLessThanOrEqual(2);
    expect(at(pld.steps + 1)).toBeGreaterThan(2);
  });
});

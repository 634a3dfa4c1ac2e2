/** The OCR input stage's arithmetic: Immich's maxResolution, the coarse and upscaled scales, RapidOCR's letterbox, the way back. */
import { detectAgain, detectionScales, immichScale, planDetection, toWorking } from '../../server-module/inference/ocr/input-stage';

const atImmich = (w: number, h: number, maxResolution: number) => planDetection(w, h, immichScale(w, h, maxResolution));

describe('planDetection at Immich\'s scale', () => {
  it.each([
    // [image, maxResolution, detection tensor] — Immich ML's detection.py sizes at maxResolution 736
    [[648, 1440], 736, [640, 1440]],
    [[1440, 648], 736, [1440, 640]],
    [[1440, 1920], 736, [736, 992]], // an Immich preview (shorter side 1440)
    [[1920, 1440], 736, [992, 736]],
    [[1440, 3200], 736, [736, 1632]],
    [[1920, 1080], 736, [1312, 736]],
    [[323, 430], 736, [320, 416]], // never enlarged by maxResolution
    [[1440, 1920], 1440, [1440, 1920]],
  ])('%j at maxResolution %i is detected at %j, as Immich does', ([w, h], maxResolution, [tw, th]) => {
    expect(atImmich(w, h, maxResolution)).toEqual({ width: tw, height: th, contentWidth: tw, contentHeight: th, top: 0, left: 0 });
  });

  it('snaps halves to even multiples of 32, as Python\'s round does', () => {
    expect(planDetection(592, 400, 1)).toMatchObject({ width: 576 }); // 592/32 = 18.5 → 18
    expect(planDetection(624, 400, 1)).toMatchObject({ width: 640 }); // 19.5 → 20
  });

  it('letterboxes a thin or wide image as RapidOCR does (height ≈ 2·max(w/8, 30)), plus 16 columns each side', () => {
    expect(planDetection(1000, 40, 1)).toEqual({ width: 1024, height: 256, contentWidth: 992, contentHeight: 40, top: 108, left: 16 });
    expect(planDetection(445, 39, 1)).toEqual({ width: 480, height: 128, contentWidth: 448, contentHeight: 39, top: 44, left: 16 });
    expect(planDetection(700, 30, 1)).toMatchObject({ contentHeight: 30, height: 192 });
    expect(planDetection(800, 100, 1)).toMatchObject({ top: 0, left: 0 }); // exactly 8:1 is not padded
  });
});

describe('detectionScales and detectAgain', () => {
  it('a preview is tried coarse (longer side 736) before Immich\'s scale; a small image is tried as it is, then 1.5× larger', () => {
    const preview = detectionScales(1440, 1920, 736);
    expect(preview.map((s) => s.kind)).toEqual(['coarse', 'immich']);
    expect(planDetection(1440, 1920, preview[0].scale)).toMatchObject({ width: 544, height: 736 });
    expect(planDetection(648, 1440, detectionScales(648, 1440, 736)[0].scale)).toMatchObject({ width: 320, height: 736 });
    const poster = detectionScales(323, 430, 736);
    expect(poster).toEqual([{ kind: 'immich', scale: 1 }, { kind: 'upscale', scale: 1.5 }]);
    expect(planDetection(323, 430, 1.5)).toMatchObject({ width: 480, height: 640 });
    expect(detectionScales(650, 700, 736).map((s) => s.kind)).toEqual(['immich']); // 736/650 leaves no room worth a pass
    expect(detectionScales(2600, 40, 736).map((s) => s.kind)).toEqual(['immich', 'upscale']); // no coarse pass for a strip
  });

  it('detects again only while some text found is small for the scale, or when a coarse pass found nothing', () => {
    const [coarse, immich] = detectionScales(1440, 1920, 736);
    expect(detectAgain(coarse, immich, [30, 30, 200])).toBe(true); // 30 px boxes are 11.5 px at the coarse scale
    expect(detectAgain(coarse, immich, [60, 80, 90])).toBe(false);
    expect(detectAgain(coarse, immich, [40, 90, 120, 150])).toBe(true); // fine print beside big lines
    expect(detectAgain(coarse, immich, [])).toBe(true);
    expect(detectAgain(immich, undefined, [10])).toBe(false);
    const [asIs, up] = detectionScales(400, 300, 736);
    expect(detectAgain(asIs, up, [10, 12, 14, 30])).toBe(true);
    expect(detectAgain(asIs, up, [24, 30, 40])).toBe(false);
    expect(detectAgain(asIs, up, [15, 28, 30, 40, 65])).toBe(true);
    expect(detectAgain(asIs, up, [])).toBe(false); // nothing found is not a reason to enlarge
  });
});

describe('toWorking', () => {
  it('maps a tensor point back through the letterbox and scale exactly', () => {
    const plan = planDetection(1000, 40, 1);
    const map = toWorking(plan, { width: 1000, height: 40 }, { width: plan.width, height: plan.height });
    const [x, y] = map([plan.left + 496, plan.top + 20]);
    expect(x).toBeCloseTo(496 * (1000 / 992), 9);
    expect(y).toBeCloseTo(20, 9);
    const scaled = atImmich(1440, 1920, 736);
    const back = toWorking(scaled, { width: 1440, height: 1920 }, { width: 368, height: 496 }); // a half-size output map
    expect(back([184, 248])).toEqual([720, 960]);
  });
});

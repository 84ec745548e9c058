import { describe, expect, it } from "vitest";
import { barsSvg, changeSvg, legendSvg, poleMapSvg, radarSvg, withDescription, wrapText, approximateWidth } from "@/lib/reports/charts-svg";

const scale = { min: 1, max: 5 };

describe("the report's charts as SVG", () => {
  it("bars: a shown cell is a bar with its mean and n; a hidden one is its reason and no number", () => {
    const { svg } = barsSvg({
      rows: [
        { label: "Self", colour: "#d55e00", marker: "diamond", value: { mean: 4, n: 1 } },
        { label: "Peers", colour: "#6a3d9a", marker: "square", value: { reason: "Fewer than 3 peers answered this, so it is not shown." } },
      ],
      scale,
      width: 500,
    });
    expect(svg).toContain("4.0  (n=1)");
    expect(svg).toContain("Fewer than 3 peers answered");
    // One bar over its track for the shown row only (track + bar), and the axis numbers 1 to 5.
    expect(svg.match(/<rect [^>]*height="7"/g)).toHaveLength(2);
    for (const v of [1, 2, 3, 4, 5]) expect(svg).toContain(`>${v}</text>`);
    expect(svg).not.toMatch(/Peers<\/text><rect/);
  });

  it("change: a bar from the middle point, left for less and right for more, with its n; a hidden change is words only", () => {
    const { svg } = changeSvg({
      rows: [
        { label: "Peers", colour: "#6a3d9a", marker: "square", value: { mean: 4, n: 3 } },
        { label: "Line manager", colour: "#009e73", marker: "square", value: { mean: 2.5, n: 1 } },
        { label: "Direct reports", colour: "#cc79a7", marker: "square", value: { reason: "No change shown" } },
      ],
      scale,
      ends: { low: "less often", high: "more often" },
      width: 340,
    });
    expect(svg).toContain("4.0  (n=3)");
    expect(svg).toContain("2.5  (n=1)");
    expect(svg).toContain("No change shown");
    expect(svg).not.toMatch(/Direct reports<\/text><rect/);
    // Two tracks and two bars; the bars start (or end) at the middle point, x of 3.
    const bars = [...svg.matchAll(/<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="8" fill="(#[0-9a-f]+)"/g)].filter(
      (m) => m[3] !== "#e2e8f0",
    );
    expect(bars).toHaveLength(2);
    const x1 = 340 - (approximateWidth("0.0  (n=00)", 7.5) + 6);
    const mid = 2 + ((3 - 1) / 4) * (x1 - 2);
    expect(Number(bars[0]![1])).toBeCloseTo(mid, 1);
    expect(Number(bars[1]![1]) + Number(bars[1]![2])).toBeCloseTo(mid, 1);
    for (const words of ["less often", "about the same", "more often"]) expect(svg).toContain(`>${words}</text>`);
  });

  it("radar: rings from the scale's min to its max, and no line drawn through a missing value", () => {
    const axes = ["1. A", "2. B", "3. C", "4. D"];
    const full = radarSvg({ axes, series: [{ name: "Others", colour: "#0072b2", values: [3, 4, 2, 5] }], scale, width: 300 });
    expect(full.svg.match(/<polygon[^>]*fill="#0072b2"/g)).toHaveLength(1);
    const gappy = radarSvg({ axes, series: [{ name: "Others", colour: "#0072b2", values: [3, null, 2, 5] }], scale, width: 300 });
    expect(gappy.svg).not.toMatch(/<polygon[^>]*fill="#0072b2"/);
    // 3-4 and 4-1 remain; the two edges touching the missing value are left out.
    expect(gappy.svg.match(/<line [^>]*stroke="#0072b2"/g)).toHaveLength(2);
    expect(gappy.svg).not.toMatch(/>0<\/text>/);
    expect(gappy.svg).toContain(">5</text>");
  });

  it("for the web page, a chart is an image named by its title and described, with the text escaped", () => {
    const chart = radarSvg({
      axes: ["1. A & B", "2. B", "3. C"],
      series: [{ name: "Others", colour: "#0072b2", values: [3, 4, 2] }],
      scale,
      width: 300,
    });
    const { svg } = withDescription(chart, "As a leader: radar chart", "Self <and> others, from 1 at the centre");
    expect(svg).toMatch(/^<svg role="img" aria-labelledby="(c[0-9a-z]+)-t \1-d" xmlns=/);
    expect(svg).toContain("<title id=");
    expect(svg).toContain(">As a leader: radar chart</title>");
    expect(svg).toContain(">Self &lt;and&gt; others, from 1 at the centre</desc>");
    expect(svg).toContain("1. A &amp; B");
  });

  it("pole map: one mark per group in its own lane, figures written out, and words where nothing can be placed", () => {
    const { svg } = poleMapSvg({
      rows: [
        {
          title: "1. Culture",
          managementLabel: "Runs the processes",
          leadershipLabel: "Shapes the culture",
          marks: [
            { label: "Self", colour: "#d55e00", marker: "diamond", balance: 1 },
            { label: "Peers", colour: "#6a3d9a", marker: "square", balance: 1 },
          ],
          empty: "",
        },
        { title: "2. Strategy", managementLabel: "M", leadershipLabel: "L", marks: [], empty: "Not enough answers on both poles." },
      ],
      span: 4,
      width: 500,
    });
    const ys = [...svg.matchAll(/<(?:polygon points="[\d.]+,([\d.]+)|rect x="[\d.]+" y="([\d.]+)" width="4.8")/g)];
    expect(ys).toHaveLength(2);
    // Centres: the diamond's top point is 3 above its centre, the square's corner 2.4 above.
    const [diamond, square] = [Number(ys[0]![1]) + 3, Number(ys[1]![2]) + 2.4];
    expect(Math.abs(diamond - square)).toBeGreaterThanOrEqual(4);
    expect(svg).toContain("Self: +1.0 · Peers: +1.0");
    expect(svg).toContain("Not enough answers on both poles.");
  });

  it("legends are shapes and words, never a glyph the PDF's fonts lack; text is escaped and wrapped", () => {
    const { svg } = legendSvg([{ label: "Self & co <1>", colour: "#d55e00", swatch: { kind: "line", dashed: true } }], 400);
    expect(svg).toContain("Self &amp; co &lt;1&gt;");
    expect(svg).not.toMatch(/[■●◆]/);
    expect(wrapText("one two three four", 40, 10, approximateWidth)).toEqual(["one two", "three", "four"]);
  });
});

// A QR code drawn as SVG (one path of dark modules, a 4-module quiet zone).
import { s } from "./dom.js";
import { qrCode } from "./qr.js";

export function qrSvg(text, { size = 180, label = "" } = {}) {
  const { modules } = qrCode(text);
  const count = modules.length;
  const quiet = 4;
  let path = "";
  modules.forEach((row, y) => row.forEach((dark, x) => {
    if (dark) path += `M${x + quiet},${y + quiet}h1v1h-1z`;
  }));
  const extent = count + 2 * quiet;
  return s("svg", {
    class: "qr", viewBox: `0 0 ${extent} ${extent}`, width: size, height: size,
    role: "img", "aria-label": label, "shape-rendering": "crispEdges",
  },
  s("rect", { width: extent, height: extent, fill: "#fff" }),
  s("path", { d: path, fill: "#000" }));
}

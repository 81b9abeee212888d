// Times of day in the page's language (the browser's own locale may be another).
import { currentLanguage } from "./i18n.js";

/** `14:03:07` (zh) or `2:03:07 PM` (en) of an ISO time; "" for none. */
export function timeOfDay(iso) {
  if (!iso) return "";
  return new Date(iso).toLocaleTimeString(currentLanguage() === "zh" ? "zh-CN" : "en-US");
}

// Labels in Simplified Chinese (default) or English, chosen by ?lang= or a stored switch.
import zh from "../i18n/zh.js";
import en from "../i18n/en.js";

const DICTIONARIES = { zh, en };
const STORAGE_KEY = "judging.lang";

function pickLanguage() {
  const asked = new URLSearchParams(location.search).get("lang");
  if (asked && asked in DICTIONARIES) {
    localStorage.setItem(STORAGE_KEY, asked);
    return asked;
  }
  const stored = localStorage.getItem(STORAGE_KEY);
  return stored in DICTIONARIES ? stored : "zh";
}

let language = pickLanguage();
document.documentElement.lang = language === "zh" ? "zh-CN" : "en";

export function currentLanguage() {
  return language;
}

/** The label of `key` with `{name}` placeholders filled from `vars`. */
export function t(key, vars = {}) {
  const text = DICTIONARIES[language][key] ?? DICTIONARIES.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}

export function has(key) {
  return key in DICTIONARIES[language];
}

/** A rejection's text for a referee: ours by code, else the server's own message. */
export function rejectionText(error) {
  if (!error) return "";
  const key = `reject.${error.code}`;
  if (has(key)) return t(key);
  return error.message || error.code || "";
}

/** Switch the language, remember it, and reload the page in it. */
export function switchLanguage() {
  language = language === "zh" ? "en" : "zh";
  localStorage.setItem(STORAGE_KEY, language);
  const url = new URL(location.href);
  url.searchParams.delete("lang");
  location.replace(url.toString());
}

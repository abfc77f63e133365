// The page's words in the reader's language. Django's JavaScript catalogue for the active language
// (/studio/jsi18n/, loaded before these modules) defines gettext, ngettext and interpolate; the catalogues are
// locale/<language>/LC_MESSAGES/djangojs.po. Placeholders are named, so a translation may put them in any order.

const { gettext, ngettext, interpolate } = window.django;

export { gettext, ngettext };

// format(gettext("about %(seconds)s s left"), { seconds: 12 }) -> "about 12 s left"
export function format(text, values) {
  return interpolate(text, values, true);
}

// A translated sentence with elements in it, for h(): the text around each %(name)s, and values[name] in its
// place ("Before the remaster %(before)s / 10" -> ["Before the remaster ", <strong>, " / 10"]).
export function fill(text, values) {
  return text.split(/%\((\w+)\)s/).map((part, index) => (index % 2 ? values[part] : part)).filter((part) => part !== "");
}

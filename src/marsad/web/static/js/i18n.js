// Labels in Arabic (default, right to left) and English. Every label the UI shows is here.

const LABELS = {
  ar: {
    app_name: "مرصد",
    app_tagline: "أحداث النزاع من الأخبار العربية",
    nav_overview: "الخريطة والجدول",
    lang_toggle: "English",
    lang_toggle_label: "Switch the interface to English",
    token_button: "رمز المراجعة",
    token_set: "المراجعة مفعّلة",
    skip: "انتقل إلى المحتوى",
    loading: "جارٍ التحميل…",
    error: "خطأ",
    not_found: "غير موجود",
    retry: "أعد المحاولة",
    filters: "المرشحات",
    date_from: "من تاريخ",
    date_to: "إلى تاريخ",
    event_type: "نوع الحدث",
    sub_event_type: "النوع الفرعي",
    actor: "الفاعل",
    admin1: "المحافظة",
    admin2: "المنطقة",
    admin3: "الناحية",
    search: "بحث في النصوص",
    search_placeholder: "مثال: دير الزور",
    any: "الكل",
    apply: "تطبيق",
    reset: "مسح",
    export_csv: "تصدير CSV",
    export_geojson: "تصدير GeoJSON",
    map: "الخريطة",
    map_label: "خريطة الأحداث فوق حدود المحافظات السورية",
    map_outside: "أحداث خارج الخريطة",
    map_no_coords: "أحداث بلا إحداثيات",
    zoom_in: "تكبير",
    zoom_out: "تصغير",
    zoom_reset: "إعادة الضبط",
    cluster_events: "أحداث في هذا الموقع",
    close: "إغلاق",
    legend: "الدليل",
    legend_size: "الحجم حسب عدد القتلى",
    timeline: "الخط الزمني",
    timeline_label: "عدد الأحداث حسب الفترة والنوع؛ اسحب لتحديد فترة",
    per_day: "يومي",
    per_week: "أسبوعي",
    brush_hint: "اسحب على الخط الزمني لتحديد فترة",
    brush_range: "الفترة المحددة",
    brush_clear: "إلغاء التحديد",
    events: "الأحداث",
    summary: "ملخص",
    by_type: "حسب النوع",
    by_governorate: "حسب المحافظة",
    total_fatalities: "مجموع القتلى",
    events_count: "{n} حدث",
    events_shown: "{shown} من {total} حدثاً",
    search_hits: "{n} مقالاً مطابقاً",
    no_events: "لا أحداث تطابق المرشحات.",
    event_date: "التاريخ",
    location: "المكان",
    fatalities: "القتلى",
    status: "الحالة",
    confidence: "الثقة",
    open: "فتح",
    event: "حدث",
    event_title: "الحدث",
    fields: "الحقول",
    evidence: "الدليل في نص المقال",
    evidence_missing: "لا يوجد موضع للدليل في النص.",
    sources: "مصادر أخرى للحدث نفسه",
    no_other_sources: "لا مصادر أخرى.",
    source_article: "المقال المصدر",
    read_article: "اقرأ المقال",
    versions: "الإصدارات",
    version: "الإصدار",
    audit: "سجل المراجعة",
    no_reviews: "لم يراجع بعد.",
    review: "المراجعة",
    accept: "قبول",
    edit: "تعديل",
    reject: "رفض",
    save_edit: "حفظ التعديل",
    cancel: "إلغاء",
    reason: "السبب",
    reason_required: "الرفض يحتاج إلى سبب.",
    reviewer: "اسم المراجع",
    token: "رمز الكتابة",
    token_help: "يحفظ الرمز في هذه الجلسة فقط (sessionStorage).",
    token_save: "حفظ",
    token_clear: "نسيان الرمز",
    token_needed: "أدخل رمز المراجعة واسم المراجع أولاً.",
    reviewed: "تمت المراجعة: {status}",
    no_changes: "لم يتغير أي حقل.",
    action: "الإجراء",
    when: "الوقت",
    from_to: "من ← إلى",
    article: "المقال",
    author: "الكاتب",
    published: "تاريخ النشر",
    outlet: "الوسيلة",
    caption: "التعليق على الصورة",
    tags: "الوسوم",
    related: "مقالات ذات صلة",
    article_events: "أحداث هذا المقال",
    font_size: "الخط",
    font_bigger: "تكبير الخط",
    font_smaller: "تصغير الخط",
    highlight_key: "التظليل",
    hl_place: "مكان",
    hl_person: "شخص",
    hl_org: "جهة",
    hl_entity: "كيان",
    hl_evidence: "دليل حدث",
    original_link: "الصفحة الأصلية",
    back: "رجوع",
    back_arrow: "→",
    list_sep: "، ",
    status_machine: "آلي",
    status_accepted: "مقبول",
    status_edited: "معدّل",
    status_rejected: "مرفوض",
    attribution: "الحدود: geoBoundaries / مكتب الأمم المتحدة لتنسيق الشؤون الإنسانية (CC BY 3.0 IGO)",
    unknown: "—",
  },
  en: {
    app_name: "Marsad",
    app_tagline: "Conflict events from Arabic news",
    nav_overview: "Map and table",
    lang_toggle: "عربي",
    lang_toggle_label: "التبديل إلى العربية",
    token_button: "Review token",
    token_set: "Review enabled",
    skip: "Skip to content",
    loading: "Loading…",
    error: "Error",
    not_found: "Not found",
    retry: "Retry",
    filters: "Filters",
    date_from: "From",
    date_to: "To",
    event_type: "Event type",
    sub_event_type: "Sub-event type",
    actor: "Actor",
    admin1: "Governorate",
    admin2: "District",
    admin3: "Sub-district",
    search: "Text search",
    search_placeholder: "e.g. دير الزور",
    any: "Any",
    apply: "Apply",
    reset: "Clear",
    export_csv: "Export CSV",
    export_geojson: "Export GeoJSON",
    map: "Map",
    map_label: "Map of events over the Syrian governorate boundaries",
    map_outside: "events outside the map",
    map_no_coords: "events without coordinates",
    zoom_in: "Zoom in",
    zoom_out: "Zoom out",
    zoom_reset: "Reset",
    cluster_events: "Events at this place",
    close: "Close",
    legend: "Legend",
    legend_size: "size by fatalities",
    timeline: "Timeline",
    timeline_label: "Events per period and type; drag to select a range",
    per_day: "Per day",
    per_week: "Per week",
    brush_hint: "Drag across the timeline to select a range",
    brush_range: "Selected range",
    brush_clear: "Clear selection",
    events: "Events",
    summary: "Summary",
    by_type: "By type",
    by_governorate: "By governorate",
    total_fatalities: "Total fatalities",
    events_count: "{n} events",
    events_shown: "{shown} of {total} events",
    search_hits: "{n} matching articles",
    no_events: "No events match the filters.",
    event_date: "Date",
    location: "Location",
    fatalities: "Fatalities",
    status: "Status",
    confidence: "Confidence",
    open: "Open",
    event: "Event",
    event_title: "Event",
    fields: "Fields",
    evidence: "Evidence in the article text",
    evidence_missing: "The evidence has no position in the text.",
    sources: "Other sources of the same event",
    no_other_sources: "No other sources.",
    source_article: "Source article",
    read_article: "Read the article",
    versions: "Versions",
    version: "Version",
    audit: "Audit trail",
    no_reviews: "Not reviewed yet.",
    review: "Review",
    accept: "Accept",
    edit: "Edit",
    reject: "Reject",
    save_edit: "Save edit",
    cancel: "Cancel",
    reason: "Reason",
    reason_required: "A rejection needs a reason.",
    reviewer: "Reviewer name",
    token: "Write token",
    token_help: "The token is kept for this session only (sessionStorage).",
    token_save: "Save",
    token_clear: "Forget token",
    token_needed: "Enter the review token and your name first.",
    reviewed: "Reviewed: {status}",
    no_changes: "No field was changed.",
    action: "Action",
    when: "When",
    from_to: "From → to",
    article: "Article",
    author: "Author",
    published: "Published",
    outlet: "Outlet",
    caption: "Caption",
    tags: "Tags",
    related: "Related articles",
    article_events: "Events in this article",
    font_size: "Text",
    font_bigger: "Larger text",
    font_smaller: "Smaller text",
    highlight_key: "Highlights",
    hl_place: "Place",
    hl_person: "Person",
    hl_org: "Organisation",
    hl_entity: "Entity",
    hl_evidence: "Event evidence",
    original_link: "Original page",
    back: "Back",
    back_arrow: "←",
    list_sep: ", ",
    status_machine: "Machine",
    status_accepted: "Accepted",
    status_edited: "Edited",
    status_rejected: "Rejected",
    attribution: "Boundaries: geoBoundaries / UN OCHA (CC BY 3.0 IGO)",
    unknown: "—",
  },
};

// ACLED's event types, their colours (colour-blind-safe Okabe-Ito palette) and Arabic names.
export const EVENT_TYPES = [
  { key: "Battles", ar: "معارك", color: "#d55e00" },
  { key: "Explosions/Remote violence", ar: "انفجارات وعنف عن بعد", color: "#cc79a7" },
  { key: "Violence against civilians", ar: "عنف ضد المدنيين", color: "#8a3b12" },
  { key: "Protests", ar: "احتجاجات", color: "#0072b2" },
  { key: "Riots", ar: "أعمال شغب", color: "#e69f00" },
  { key: "Strategic developments", ar: "تطورات استراتيجية", color: "#009e73" },
];
const OTHER_COLOR = "#6b6b6b";

const SUB_EVENT_TYPES_AR = {
  "Armed clash": "اشتباك مسلح",
  "Government regains territory": "استعادة الحكومة السيطرة على منطقة",
  "Non-state actor overtakes territory": "سيطرة جهة غير حكومية على منطقة",
  "Chemical weapon": "سلاح كيميائي",
  "Air/drone strike": "غارة جوية أو بمسيرة",
  "Suicide bomb": "تفجير انتحاري",
  "Shelling/artillery/missile attack": "قصف مدفعي أو صاروخي",
  "Remote explosive/landmine/IED": "عبوة ناسفة أو لغم",
  "Grenade": "قنبلة يدوية",
  "Sexual violence": "عنف جنسي",
  "Attack": "اعتداء",
  "Abduction/forced disappearance": "اختطاف أو إخفاء قسري",
  "Peaceful protest": "احتجاج سلمي",
  "Protest with intervention": "احتجاج مع تدخل",
  "Excessive force against protesters": "قوة مفرطة ضد المحتجين",
  "Violent demonstration": "مظاهرة عنيفة",
  "Mob violence": "عنف جماعي",
  "Agreement": "اتفاق",
  "Arrests": "اعتقالات",
  "Change to group/activity": "تغير في جماعة أو نشاط",
  "Disrupted weapons use": "إحباط استخدام أسلحة",
  "Headquarters or base established": "إنشاء مقر أو قاعدة",
  "Looting/property destruction": "نهب أو تدمير ممتلكات",
  "Non-violent transfer of territory": "انتقال سلمي للسيطرة",
  "Other": "أخرى",
};

// Governorates (OCHA names as the API gives them) in Arabic; the boundary file carries the same names.
const GOVERNORATES_AR = {
  "Al-Hasakeh": "الحسكة", "Aleppo": "حلب", "Ar-Raqqa": "الرقة", "As-Sweida": "السويداء", "Damascus": "دمشق",
  "Dar'a": "درعا", "Deir-ez-Zor": "دير الزور", "Hama": "حماة", "Homs": "حمص", "Idleb": "إدلب",
  "Lattakia": "اللاذقية", "Quneitra": "القنيطرة", "Rural Damascus": "ريف دمشق", "Tartous": "طرطوس",
};

// Names of the event fields shown on the event page.
const FIELD_LABELS = {
  ar: {
    event_type: "نوع الحدث", sub_event_type: "النوع الفرعي", event_date: "التاريخ", time_precision: "دقة التاريخ",
    actor1: "الفاعل الأول", actor1_ar: "الفاعل الأول (بالعربية)", assoc_actor_1: "فاعل مرتبط بالأول",
    inter1: "رمز الفاعل الأول", actor2: "الفاعل الثاني", actor2_ar: "الفاعل الثاني (بالعربية)",
    assoc_actor_2: "فاعل مرتبط بالثاني", inter2: "رمز الفاعل الثاني", interaction: "رمز التفاعل",
    country: "البلد", admin1: "المحافظة", admin2: "المنطقة", admin3: "الناحية", location: "المكان",
    location_ar: "المكان (بالعربية)", latitude: "خط العرض", longitude: "خط الطول", geo_precision: "دقة الموقع",
    fatalities: "القتلى", evidence: "جملة الدليل", notes: "ملاحظات", confidence: "الثقة", status: "الحالة",
    version: "الإصدار", updated_at: "آخر تحديث", id: "المعرّف",
  },
  en: {
    event_type: "Event type", sub_event_type: "Sub-event type", event_date: "Date", time_precision: "Time precision",
    actor1: "Actor 1", actor1_ar: "Actor 1 (Arabic)", assoc_actor_1: "Associated actor 1", inter1: "Inter 1",
    actor2: "Actor 2", actor2_ar: "Actor 2 (Arabic)", assoc_actor_2: "Associated actor 2", inter2: "Inter 2",
    interaction: "Interaction", country: "Country", admin1: "Governorate", admin2: "District",
    admin3: "Sub-district", location: "Location", location_ar: "Location (Arabic)", latitude: "Latitude",
    longitude: "Longitude", geo_precision: "Geo precision", fatalities: "Fatalities", evidence: "Evidence sentence",
    notes: "Notes", confidence: "Confidence", status: "Status", version: "Version", updated_at: "Updated",
    id: "Id",
  },
};

let current = "ar";

export function language() {
  return current;
}

export function setLanguage(lang) {
  current = lang === "en" ? "en" : "ar";
  try {
    localStorage.setItem("marsad.lang", current);
  } catch {
    // storage may be disabled: the choice then lasts for this page only
  }
  document.documentElement.lang = current;
  document.documentElement.dir = current === "ar" ? "rtl" : "ltr";
  translatePage();
}

export function initialLanguage() {
  try {
    return localStorage.getItem("marsad.lang") === "en" ? "en" : "ar";
  } catch {
    return "ar";
  }
}

/** The label `key` in the current language, with `{name}` placeholders filled from `values`. */
export function t(key, values = {}) {
  const text = LABELS[current][key] ?? LABELS.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}

export function fieldLabel(name) {
  return FIELD_LABELS[current][name] ?? name;
}

export function typeLabel(type) {
  if (!type) return t("unknown");
  const found = EVENT_TYPES.find((item) => item.key === type);
  return current === "ar" && found ? found.ar : type;
}

export function subTypeLabel(subType) {
  if (!subType) return t("unknown");
  return current === "ar" ? SUB_EVENT_TYPES_AR[subType] ?? subType : subType;
}

export function governorateLabel(name) {
  if (!name) return t("unknown");
  return current === "ar" ? GOVERNORATES_AR[name] ?? name : name;
}

export function statusLabel(status) {
  return t(`status_${status}`) || status;
}

export function typeColor(type) {
  return EVENT_TYPES.find((item) => item.key === type)?.color ?? OTHER_COLOR;
}

export function formatNumber(value) {
  if (value === null || value === undefined || value === "") return t("unknown");
  return new Intl.NumberFormat(current === "ar" ? "ar-SY" : "en-GB").format(value);
}

/** Fill every element marked `data-i18n` (text), `data-i18n-label` (aria-label) or
 * `data-i18n-placeholder` with its label. */
export function translatePage(root = document) {
  for (const element of root.querySelectorAll("[data-i18n]")) element.textContent = t(element.dataset.i18n);
  for (const element of root.querySelectorAll("[data-i18n-label]")) {
    element.setAttribute("aria-label", t(element.dataset.i18nLabel));
  }
  for (const element of root.querySelectorAll("[data-i18n-title]")) {
    element.setAttribute("title", t(element.dataset.i18nTitle));
  }
  for (const element of root.querySelectorAll("[data-i18n-placeholder]")) {
    element.setAttribute("placeholder", t(element.dataset.i18nPlaceholder));
  }
}

export const LANGUAGES = Object.keys(LABELS);
export const LABEL_KEYS = Object.keys(LABELS.ar);

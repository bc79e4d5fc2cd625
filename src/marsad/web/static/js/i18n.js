// Labels in Arabic (default, right to left) and English. Every label the UI shows is here.

const LABELS = {
  ar: {
    app_name: "مرصد",
    app_tagline: "أحداث النزاع من الأخبار العربية",
    nav_overview: "الخريطة والجدول",
    lang_toggle: "English",
    lang_toggle_label: "Switch the interface to English",
    digits_to_latn: "عرض الأرقام اللاتينية",
    digits_to_arab: "عرض الأرقام العربية الهندية",
    token_button: "رمز المراجعة",
    token_set: "المراجعة مفعّلة",
    skip: "انتقل إلى المحتوى",
    loading: "جارٍ التحميل…",
    error: "خطأ",
    error_detail: "تفاصيل من الخادم (بالإنجليزية)",
    err_unauthorized: "رمز المراجعة غير صحيح أو غير مدخل. أدخل الرمز الصحيح من زر «رمز المراجعة».",
    err_read_only: "الخادم للقراءة فقط: لم يضبط له رمز كتابة، فلا تمكن المراجعة.",
    err_not_found: "العنصر المطلوب غير موجود.",
    err_conflict: "غيّر شخص آخر هذا الحدث بعد فتح الصفحة. أعد تحميلها وراجع من جديد.",
    err_invalid_request: "الطلب غير صالح: راجع القيم المدخلة.",
    err_query_too_long: "نص البحث أطول من المسموح.",
    err_payload_too_large: "البيانات المرسلة أكبر من المسموح.",
    err_method_not_allowed: "هذه العملية غير مسموحة.",
    err_bad_request: "طلب غير صالح.",
    err_forbidden: "هذه العملية ممنوعة.",
    err_unsupported_media_type: "نوع البيانات المرسلة غير مدعوم.",
    err_store_unavailable: "قاعدة البيانات غير متاحة الآن. أعد المحاولة بعد قليل.",
    err_internal_error: "خطأ داخلي في الخادم.",
    err_network: "تعذّر الاتصال بالخادم. تحقق من أنه يعمل ثم أعد المحاولة.",
    err_unknown: "حدث خطأ غير متوقع (الرمز {status}).",
    not_found: "غير موجود",
    retry: "أعد المحاولة",
    filters: "المرشحات",
    date_from: "من تاريخ",
    date_to: "إلى تاريخ",
    date_hint: "سنة-شهر-يوم، أو سنة-شهر، أو سنة، مثل {example}",
    date_invalid: "«{value}» ليس تاريخاً صالحاً. اكتب سنة-شهر-يوم أو سنة-شهر أو سنة، مثل {example}.",
    date_full_invalid: "«{value}» ليس تاريخاً كاملاً صالحاً. اكتب سنة-شهر-يوم، مثل {example}.",
    date_order: "تاريخ البداية بعد تاريخ النهاية.",
    number_invalid: "«{value}» في حقل «{field}» ليس رقماً صالحاً.",
    choose_sub_type: "اختر النوع الفرعي",
    sub_type_required: "اختر نوعاً فرعياً من أنواع «{type}».",
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
    export: "تصدير",
    map: "الخريطة",
    map_label: "خريطة الأحداث فوق حدود المحافظات السورية",
    map_outside: "خارج الخريطة: {n}",
    map_no_coords: "بلا إحداثيات: {n}",
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
    timeline_undated: "بلا تاريخ، فلا تظهر على الخط الزمني: {n}",
    count_of: "{count} من {total}",
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
    token_help: "يحفظ الرمز في هذه الجلسة فقط، ويُنسى عند إغلاق التبويب.",
    token_save: "حفظ",
    token_clear: "نسيان الرمز",
    token_needed: "أدخل رمز المراجعة واسم المراجع أولاً.",
    reviewed: "تمت المراجعة: {status}",
    no_changes: "لم يتغير أي حقل.",
    action: "الإجراء",
    when: "الوقت",
    from_to: "من ← إلى",
    arrow: "←",
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
    undated: "بلا تاريخ",
    attribution_boundaries: "الحدود",
    attribution_ocha: "مكتب الأمم المتحدة لتنسيق الشؤون الإنسانية",
    nav_alerts: "التنبيهات",
    sub_type_any: "كل الأنواع الفرعية",
    bbox_active: "المنطقة المحددة: {box}",
    bbox_clear: "إلغاء المنطقة",
    save_alert: "حفظ كتنبيه",
    alert_form_title: "حفظ المرشحات الحالية كتنبيه",
    alert_form_help: "كل حدث يُخزَّن من الآن فصاعداً ويطابق هذه المرشحات يظهر في صفحة التنبيه وفي خلاصته، ويُرسل إلى عنوان الإشعار إن وُجد.",
    alert_saved_filters: "المرشحات التي ستُحفظ",
    alert_dates_note: "لا تُحفظ التواريخ: التنبيه يراقب الأحداث التي تُخزَّن من الآن فصاعداً أياً كان تاريخها.",
    alert_dates_left_out: "فترة العرض الحالية لن تُحفظ:",
    range_from: "من",
    range_to: "إلى",
    alert_no_filters: "لا يوجد في العرض الحالي مرشح يحفظه التنبيه. اختر نوعاً أو نوعاً فرعياً أو فاعلاً أو محافظة أو نص بحث أولاً.",
    alert_name: "اسم التنبيه",
    alert_owner: "المسؤول (اختياري)",
    alert_webhook: "عنوان الإشعار عبر الويب (اختياري)",
    alert_secret: "المفتاح السري للإشعار",
    alert_secret_hint: "{n} أحرف على الأقل؛ تُوقَّع به كل رسالة. لا يظهر بعد الحفظ.",
    alert_name_required: "اكتب اسماً للتنبيه.",
    alert_url_invalid: "عنوان الإشعار غير صالح: اكتب عنوان ويب كاملاً يبدأ بالبروتوكول.",
    alert_secret_short: "المفتاح السري يحتاج إلى {n} أحرف على الأقل.",
    alert_secret_without_url: "أدخل عنوان الإشعار أو اترك المفتاح السري فارغاً.",
    alert_token_needed: "حفظ التنبيه وحذفه يحتاجان إلى رمز الكتابة. أدخله من زر «رمز المراجعة».",
    alert_token_ready: "رمز الكتابة مدخل.",
    alert_create: "حفظ التنبيه",
    alerts_title: "التنبيهات",
    alerts_help: "مرشحات محفوظة: كل حدث يُخزَّن بعد حفظ التنبيه ويطابقه يُسجَّل هنا.",
    alerts_new_hint: "لإضافة تنبيه: اختر المرشحات في «الخريطة والجدول» ثم «حفظ كتنبيه».",
    alerts_empty: "لا توجد تنبيهات بعد.",
    alert_title: "تنبيه",
    alert_owner_label: "المسؤول",
    alert_created: "أُنشئ",
    alert_filters: "المرشحات",
    alert_matches: "المطابقات",
    alert_undelivered: "لم تُسلَّم",
    alert_last_match: "آخر مطابقة",
    alert_no_match_yet: "لا مطابقة بعد",
    alert_webhook_label: "الإشعار عبر الويب",
    alert_no_webhook: "بلا إشعار عبر الويب",
    alert_feed: "خلاصة",
    alert_open: "التفاصيل",
    alert_remove: "حذف",
    alert_remove_confirm: "أتحذف هذا التنبيه مع مطابقاته وسجل تسليمه؟",
    alert_remove_yes: "نعم، احذف",
    alert_removed: "حُذف التنبيه.",
    alert_latest: "آخر المطابقات",
    alert_matches_empty: "لا مطابقات بعد: تظهر هنا الأحداث المطابقة التي تُخزَّن بعد حفظ التنبيه.",
    alert_deliveries: "سجل التسليم",
    alert_deliveries_empty: "لم تجر أي محاولة تسليم بعد.",
    alert_deliveries_none: "لا إشعار عبر الويب لهذا التنبيه: تُقرأ مطابقاته من خلاصته.",
    kind: "المطابقة",
    kind_new: "جديد",
    kind_update: "تحديث",
    matched_at: "وقت المطابقة",
    sent: "الإرسال",
    sent_pending: "بانتظار الإرسال (المحاولات: {n})",
    delivery_delivered: "سُلّم",
    delivery_failed: "فشل",
    http_status: "رمز الاستجابة",
    delivery_error: "الخطأ",
    type_and_sub_type: "النوع والنوع الفرعي",
    country: "البلد",
    filter_near: "قرب نقطة",
    filter_bbox: "داخل منطقة",
    filter_min_fatalities: "القتلى على الأقل",
    filter_min_confidence: "الثقة على الأقل",
    near_value: "ضمن {km} كم من خط العرض {lat} وخط الطول {lon}",
    bbox_value: "خط الطول من {west} إلى {east}، وخط العرض من {south} إلى {north}",
    unknown: "—",
  },
  en: {
    app_name: "Marsad",
    app_tagline: "Conflict events from Arabic news",
    nav_overview: "Map and table",
    lang_toggle: "عربي",
    lang_toggle_label: "التبديل إلى العربية",
    digits_to_latn: "Show Latin digits",
    digits_to_arab: "Show Arabic-Indic digits",
    token_button: "Review token",
    token_set: "Review enabled",
    skip: "Skip to content",
    loading: "Loading…",
    error: "Error",
    error_detail: "Details from the server",
    err_unauthorized: "The review token is wrong or missing. Enter the right token with the “Review token” button.",
    err_read_only: "The server is read-only: it has no write token, so reviews are not possible.",
    err_not_found: "The item asked for does not exist.",
    err_conflict: "Someone else changed this event after the page was opened. Reload it and review again.",
    err_invalid_request: "The request is not valid: check the values entered.",
    err_query_too_long: "The search text is too long.",
    err_payload_too_large: "The data sent is too large.",
    err_method_not_allowed: "This operation is not allowed.",
    err_bad_request: "Bad request.",
    err_forbidden: "This operation is forbidden.",
    err_unsupported_media_type: "The type of the data sent is not supported.",
    err_store_unavailable: "The database is unavailable right now. Try again shortly.",
    err_internal_error: "Internal server error.",
    err_network: "Could not reach the server. Check that it is running, then retry.",
    err_unknown: "An unexpected error happened (code {status}).",
    not_found: "Not found",
    retry: "Retry",
    filters: "Filters",
    date_from: "From",
    date_to: "To",
    date_hint: "YYYY-MM-DD, YYYY-MM or YYYY, e.g. {example}",
    date_invalid: "“{value}” is not a valid date. Write YYYY-MM-DD, YYYY-MM or YYYY, e.g. {example}.",
    date_full_invalid: "“{value}” is not a valid full date. Write YYYY-MM-DD, e.g. {example}.",
    date_order: "The start date is after the end date.",
    number_invalid: "“{value}” in “{field}” is not a valid number.",
    choose_sub_type: "Choose a sub-event type",
    sub_type_required: "Choose a sub-event type of “{type}”.",
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
    export: "Export",
    map: "Map",
    map_label: "Map of events over the Syrian governorate boundaries",
    map_outside: "Outside the map: {n}",
    map_no_coords: "Without coordinates: {n}",
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
    timeline_undated: "Undated, so not on the timeline: {n}",
    count_of: "{count} of {total}",
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
    arrow: "→",
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
    undated: "Undated",
    attribution_boundaries: "Boundaries",
    attribution_ocha: "UN OCHA",
    nav_alerts: "Alerts",
    sub_type_any: "Any sub-type",
    bbox_active: "Area selected: {box}",
    bbox_clear: "Clear the area",
    save_alert: "Save as alert",
    alert_form_title: "Save the current filters as an alert",
    alert_form_help: "Every event stored from now on that matches these filters is listed on the alert's page and in its feed, and posted to the webhook if there is one.",
    alert_saved_filters: "Filters to be saved",
    alert_dates_note: "Dates are not saved: an alert watches the events stored from now on, whatever their date.",
    alert_dates_left_out: "The view's date range will not be saved:",
    range_from: "from",
    range_to: "to",
    alert_no_filters: "The view has no filter an alert can keep. Choose a type, sub-type, actor, governorate or search text first.",
    alert_name: "Alert name",
    alert_owner: "Owner (optional)",
    alert_webhook: "Webhook URL (optional)",
    alert_secret: "Webhook secret",
    alert_secret_hint: "At least {n} characters; every post is signed with it. Not shown after saving.",
    alert_name_required: "Give the alert a name.",
    alert_url_invalid: "The webhook URL is not valid: write a full address starting with http:// or https://.",
    alert_secret_short: "The secret needs at least {n} characters.",
    alert_secret_without_url: "Enter the webhook URL or leave the secret empty.",
    alert_token_needed: "Saving and removing alerts need the write token. Enter it with the “Review token” button.",
    alert_token_ready: "The write token is entered.",
    alert_create: "Save alert",
    alerts_title: "Alerts",
    alerts_help: "Saved filters: every event stored after an alert is saved that matches it is recorded here.",
    alerts_new_hint: "To add an alert: choose the filters in “Map and table”, then “Save as alert”.",
    alerts_empty: "No alerts yet.",
    alert_title: "Alert",
    alert_owner_label: "Owner",
    alert_created: "Created",
    alert_filters: "Filters",
    alert_matches: "Matches",
    alert_undelivered: "Undelivered",
    alert_last_match: "Last match",
    alert_no_match_yet: "no match yet",
    alert_webhook_label: "Webhook",
    alert_no_webhook: "No webhook",
    alert_feed: "feed",
    alert_open: "Details",
    alert_remove: "Remove",
    alert_remove_confirm: "Remove this alert with its matches and delivery log?",
    alert_remove_yes: "Yes, remove",
    alert_removed: "The alert was removed.",
    alert_latest: "Latest matches",
    alert_matches_empty: "No matches yet: matching events stored after the alert was saved appear here.",
    alert_deliveries: "Delivery log",
    alert_deliveries_empty: "No delivery attempt yet.",
    alert_deliveries_none: "This alert has no webhook: its matches are read from its feed.",
    kind: "Match",
    kind_new: "New",
    kind_update: "Update",
    matched_at: "Matched",
    sent: "Sent",
    sent_pending: "Waiting (attempts: {n})",
    delivery_delivered: "Delivered",
    delivery_failed: "Failed",
    http_status: "HTTP status",
    delivery_error: "Error",
    type_and_sub_type: "Type and sub-type",
    country: "Country",
    filter_near: "Near a point",
    filter_bbox: "Inside an area",
    filter_min_fatalities: "Fatalities at least",
    filter_min_confidence: "Confidence at least",
    near_value: "within {km} km of latitude {lat}, longitude {lon}",
    bbox_value: "longitude {west} to {east}, latitude {south} to {north}",
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

// ACLED's 25 sub-event types by event type, with their Arabic names: the same pairs the server accepts in
// a review edit (marsad.events.taxonomy.SUB_EVENT_TYPES, checked by events/schema.py; a test compares them).
export const SUB_EVENT_TYPES = {
  "Battles": {
    "Armed clash": "اشتباك مسلح",
    "Government regains territory": "استعادة الحكومة السيطرة على منطقة",
    "Non-state actor overtakes territory": "سيطرة جهة غير حكومية على منطقة",
  },
  "Explosions/Remote violence": {
    "Chemical weapon": "سلاح كيميائي",
    "Air/drone strike": "غارة جوية أو بمسيرة",
    "Suicide bomb": "تفجير انتحاري",
    "Shelling/artillery/missile attack": "قصف مدفعي أو صاروخي",
    "Remote explosive/landmine/IED": "عبوة ناسفة أو لغم",
    "Grenade": "قنبلة يدوية",
  },
  "Violence against civilians": {
    "Sexual violence": "عنف جنسي",
    "Attack": "اعتداء",
    "Abduction/forced disappearance": "اختطاف أو إخفاء قسري",
  },
  "Protests": {
    "Peaceful protest": "احتجاج سلمي",
    "Protest with intervention": "احتجاج مع تدخل",
    "Excessive force against protesters": "قوة مفرطة ضد المحتجين",
  },
  "Riots": {
    "Violent demonstration": "مظاهرة عنيفة",
    "Mob violence": "عنف جماعي",
  },
  "Strategic developments": {
    "Agreement": "اتفاق",
    "Arrests": "اعتقالات",
    "Change to group/activity": "تغير في جماعة أو نشاط",
    "Disrupted weapons use": "إحباط استخدام أسلحة",
    "Headquarters or base established": "إنشاء مقر أو قاعدة",
    "Looting/property destruction": "نهب أو تدمير ممتلكات",
    "Non-violent transfer of territory": "انتقال سلمي للسيطرة",
    "Other": "أخرى",
  },
};
const SUB_EVENT_TYPES_AR = Object.assign({}, ...Object.values(SUB_EVENT_TYPES));

// Governorates (OCHA names as the API gives them) in Arabic; the boundary file carries the same names.
const GOVERNORATES_AR = {
  "Al-Hasakeh": "الحسكة", "Aleppo": "حلب", "Ar-Raqqa": "الرقة", "As-Sweida": "السويداء", "Damascus": "دمشق",
  "Dar'a": "درعا", "Deir-ez-Zor": "دير الزور", "Hama": "حماة", "Homs": "حمص", "Idleb": "إدلب",
  "Lattakia": "اللاذقية", "Quneitra": "القنيطرة", "Rural Damascus": "ريف دمشق", "Tartous": "طرطوس",
};

// The countries Marsad codes (src/marsad/data/countries.yaml) in Arabic.
const COUNTRIES_AR = {
  "Syria": "سوريا", "Iraq": "العراق", "Lebanon": "لبنان", "Jordan": "الأردن", "Palestine": "فلسطين",
  "Israel": "إسرائيل", "Turkey": "تركيا", "Iran": "إيران", "Saudi Arabia": "السعودية", "Yemen": "اليمن",
  "Oman": "سلطنة عمان", "United Arab Emirates": "الإمارات", "Qatar": "قطر", "Bahrain": "البحرين",
  "Kuwait": "الكويت", "Egypt": "مصر", "Libya": "ليبيا", "Tunisia": "تونس", "Algeria": "الجزائر",
  "Morocco": "المغرب", "Sudan": "السودان", "South Sudan": "جنوب السودان", "Somalia": "الصومال",
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
let arabicDigits = "arab"; // the digits of the Arabic interface: "arab" (٠١٢…, the default) or "latn"

export function language() {
  return current;
}

export function setLanguage(lang) {
  current = lang === "en" ? "en" : "ar";
  remember("marsad.lang", current);
  document.documentElement.lang = current;
  document.documentElement.dir = current === "ar" ? "rtl" : "ltr";
  document.documentElement.dataset.digits = digits(); // for CSS: list numbers
  translatePage();
}

export function initialLanguage() {
  return recall("marsad.lang") === "en" ? "en" : "ar";
}

/** The digits shown now: Latin in English; in Arabic, Arabic-Indic unless the user chose Latin. */
export function digits() {
  return current === "ar" ? arabicDigits : "latn";
}

export function setDigits(system) {
  arabicDigits = system === "latn" ? "latn" : "arab";
  remember("marsad.digits", arabicDigits);
  document.documentElement.dataset.digits = digits();
}

export function initialDigits() {
  return recall("marsad.digits") === "latn" ? "latn" : "arab";
}

function remember(key, value) {
  try {
    localStorage.setItem(key, value);
  } catch {
    // storage may be disabled: the choice then lasts for this page only
  }
}

function recall(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

// Bidi controls: an isolate keeps a value from being reordered with the text around it; a left-to-right
// override keeps a date's parts in order (Arabic-Indic digits split by "-" would otherwise run right to left).
const FSI = "\u2068";
const LRI = "\u2066";
const LRO = "\u202d";
const PDF = "\u202c";
const PDI = "\u2069";
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export const isolate = (text) => `${FSI}${text}${PDI}`;
export const isolateLtr = (text) => `${LRI}${LRO}${text}${PDF}${PDI}`;
/** Left to right inside a field that is left to right already (a placeholder). */
export const forceLtr = (text) => `${LRO}${text}${PDF}`;

/** `text` with its Latin digits written in the digits shown now. */
export function localDigits(text) {
  const value = String(text ?? "");
  if (digits() === "latn") return value;
  return value.replace(/[0-9]/g, (digit) => String.fromCharCode(0x660 + Number(digit)));
}

/** A plain number (`35.5`, as typed or stored) in the digits shown now, with the Arabic decimal separator. */
export function localDecimal(text) {
  const value = localDigits(text);
  return digits() === "arab" ? value.replace(".", "\u066b") : value;
}

/** `text` with Arabic-Indic (and Persian) digits made Latin and bidi controls dropped: what the API takes. */
export function latinDigits(text) {
  return String(text ?? "").replace(BIDI_CONTROLS, "")
    .replace(/[\u0660-\u0669]/g, (digit) => String(digit.charCodeAt(0) - 0x660))
    .replace(/[\u06f0-\u06f9]/g, (digit) => String(digit.charCodeAt(0) - 0x6f0))
    .replace(/\u066b/g, ".").replace(/\u066c/g, "");
}

/** The label `key` in the current language, with `{name}` placeholders filled from `values` (isolated). */
export function t(key, values = {}) {
  const text = LABELS[current][key] ?? LABELS.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => isolate(String(values[name] ?? "")));
}

export function hasLabel(key) {
  return key in LABELS[current];
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

/** Whether `name` has a translated label (a Syrian governorate): other names are shown as data. */
export function knownGovernorate(name) {
  return name in GOVERNORATES_AR;
}

export function countryLabel(name) {
  if (!name) return t("unknown");
  return current === "ar" ? COUNTRIES_AR[name] ?? name : name;
}

export function statusLabel(status) {
  return hasLabel(`status_${status}`) ? t(`status_${status}`) : status;
}

export function typeColor(type) {
  return EVENT_TYPES.find((item) => item.key === type)?.color ?? OTHER_COLOR;
}

function numberLocale() {
  return current === "ar" ? `ar-SY-u-nu-${digits()}` : "en-GB";
}

export function formatNumber(value, fractionDigits = 0) {
  if (value === null || value === undefined || value === "") return t("unknown");
  return new Intl.NumberFormat(numberLocale(), { maximumFractionDigits: fractionDigits }).format(value);
}

/** An ISO date (`YYYY-MM-DD`, or its first 7 or 4 characters) in the digits shown now; "" for none. */
export function formatDate(iso) {
  return iso ? localDigits(String(iso)) : "";
}

/** A date for plain text (attributes, tooltips): isolated and kept left to right. */
export function dateText(iso) {
  return iso ? isolateLtr(formatDate(iso)) : t("undated");
}

export const EXAMPLE_DATE = "2024-03-31";

/** A typed value for a message: kept left to right when it is digits and dashes (a date), else as typed. */
export function typedText(text) {
  return /^[0-9\u0660-\u0669\u06f0-\u06f9.\u066b-]+$/.test(text) ? isolateLtr(text) : text;
}

const pad = (number) => String(number).padStart(2, "0");
const daysIn = (year, month) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * A typed date as ISO `YYYY-MM-DD` (Latin digits). Takes `YYYY-MM-DD`, `YYYY-MM` or `YYYY` in either digit
 * system; a month or a year stands for its first day (`edge` "start") or its last ("end"). Returns "" for
 * an empty text and null for one that is not a date; `full` requires all three parts.
 */
export function parseDate(text, { edge = "start", full = false } = {}) {
  const value = latinDigits(text).trim();
  if (!value) return "";
  const match = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(value);
  if (!match || (full && !match[3])) return null;
  const year = Number(match[1]);
  const month = match[2] ? Number(match[2]) : edge === "start" ? 1 : 12;
  if (year < 1000 || month < 1 || month > 12) return null;
  const day = match[3] ? Number(match[3]) : edge === "start" ? 1 : daysIn(year, month);
  if (day < 1 || day > daysIn(year, month)) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
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

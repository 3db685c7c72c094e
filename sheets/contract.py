"""The spreadsheet contract (v1) as constants: tab, header and key names, aliases, words.

See docs/sheet-contract.md. Each canonical field maps to every name accepted for
it; names are compared after `normalize_name` (case, spaces, underscores).
"""

SETTINGS_TAB = ("ตั้งค่า", "settings")
MEASURES_TAB = ("มาตรการ", "measures")
OIT_TAB = ("ตัวชี้วัด OIT", "oit")

SETTINGS_KEYS = {
    "organization": ("ชื่อหน่วยงาน", "organization"),
    "district": ("อำเภอ", "district"),
    "province": ("จังหวัด", "province"),
    "fiscal_year": ("ปีงบประมาณ", "fiscal_year"),
    "assessed_year": ("ปีผลการประเมินที่นำมาวิเคราะห์", "assessed_year"),
    "oit_framework": ("กรอบ OIT ปี", "oit_framework"),
    "issuing_unit": ("ส่วนราชการเจ้าของเรื่อง", "issuing_unit"),
    "document_no": ("เลขที่หนังสือ", "document_no"),
    "document_date": ("วันที่หนังสือ", "document_date"),
    "addressee": ("เรียน", "addressee"),
    "reporter": ("ผู้รายงาน", "reporter"),
    "reporter_position": ("ตำแหน่งผู้รายงาน", "reporter_position"),
    "reviewer": ("ผู้บังคับบัญชา", "reviewer"),
    "reviewer_position": ("ตำแหน่งผู้บังคับบัญชา", "reviewer_position"),
    "executive": ("ผู้บริหาร", "executive"),
    "executive_position": ("ตำแหน่งผู้บริหาร", "executive_position"),
    # Extensions (optional): the memo's two comment lines, "ความเห็นของ<role>.....<comment>....."
    "reviewer_role": ("บทบาทผู้บังคับบัญชา", "reviewer_role"),
    "reviewer_comment": ("ความเห็นผู้บังคับบัญชา", "reviewer_comment"),
    "executive_role": ("บทบาทผู้บริหาร", "executive_role"),
    "executive_comment": ("ความเห็นผู้บริหาร", "executive_comment"),
}
SETTINGS_REQUIRED = ("organization", "fiscal_year")
SETTINGS_YEAR_KEYS = ("fiscal_year", "assessed_year", "oit_framework")
SETTINGS_DATE_KEYS = ("document_date",)
# Header cells of the settings tab's first row, when it has one (key | value).
SETTINGS_HEADER = {"key": ("คีย์", "key", "หัวข้อ", "รายการ"), "value": ("ค่า", "value")}

MEASURE_HEADERS = {
    "no": ("ลำดับ", "no"),
    "title": ("มาตรการ", "title"),
    "owner": ("ผู้รับผิดชอบ", "owner"),
    "indicators": ("ตัวชี้วัดที่เกี่ยวข้อง", "indicators"),
}
MEASURE_REQUIRED = ("no", "title")

OIT_HEADERS = {
    "code": ("รหัส", "code"),
    "title": ("หัวข้อ", "title"),
    "owner": ("ผู้รับผิดชอบ", "owner"),
    "status": ("สถานะ", "status"),
    "url": ("ลิงก์", "url"),
    "published_on": ("วันที่เผยแพร่", "published_on"),
    "needs_improvement": ("ต้องปรับปรุง", "needs_improvement"),
    "note": ("หมายเหตุ", "note"),
    # Extension (optional): the item's group ("9.1 ข้อมูลพื้นฐาน"); blank = the catalog's.
    "group": ("กลุ่มตัวชี้วัด", "group", "กลุ่ม"),
}
OIT_REQUIRED = ("code",)

ACTIVITY_HEADERS = {
    "measure": ("มาตรการที่", "measure"),
    "activity": ("วิธีการดำเนินการ", "activity"),
    "owner": ("ผู้รับผิดชอบ", "owner"),
    "period": ("ระยะเวลา", "period"),
    "due": ("กำหนดเสร็จ", "due"),
    "status": ("สถานะ", "status"),
    "progress": ("ความคืบหน้า (%)", "progress", "ความคืบหน้า", "ความคืบหน้า %"),
    "result": ("ผลการดำเนินการ", "result"),
    "recommendation": ("ข้อเสนอแนะ", "recommendation"),
    "evidence": ("หลักฐาน", "evidence"),
    "updated": ("ปรับปรุงล่าสุด", "updated"),
}
ACTIVITY_REQUIRED = ("measure", "activity")
# A tab is a department tab when its header row holds both of these fields.
DEPARTMENT_MARKERS = ("measure", "activity")

ACTIVITY_STATUSES = ("not_started", "in_progress", "done", "cancelled")
ACTIVITY_STATUS_WORDS = {
    "not_started": ("ยังไม่เริ่ม", "not_started", "ยังไม่ดำเนินการ"),
    "in_progress": ("กำลังดำเนินการ", "in_progress", "อยู่ระหว่างดำเนินการ"),
    "done": ("เสร็จแล้ว", "done", "เสร็จสิ้น", "ดำเนินการแล้ว", "ดำเนินการเรียบร้อยแล้ว", "✓"),
    "cancelled": ("ยกเลิก", "cancelled"),
}
ACTIVITY_STATUS_TH = {
    "not_started": "ยังไม่เริ่ม",
    "in_progress": "กำลังดำเนินการ",
    "done": "เสร็จแล้ว",
    "cancelled": "ยกเลิก",
    "unknown": "ไม่ทราบสถานะ",
}
# Progress implied by a status when the progress cell is blank.
STATUS_PROGRESS = {"not_started": 0.0, "in_progress": 50.0, "done": 100.0}

OIT_STATUSES = ("published", "in_progress", "not_started", "not_applicable")
OIT_STATUS_WORDS = {
    "published": ("เผยแพร่แล้ว", "published"),
    "in_progress": ("อยู่ระหว่างดำเนินการ", "in_progress"),
    "not_started": ("ยังไม่ดำเนินการ", "not_started"),
    "not_applicable": ("ไม่เกี่ยวข้อง", "not_applicable"),
}
OIT_STATUS_TH = {
    "published": "เผยแพร่แล้ว",
    "in_progress": "อยู่ระหว่างดำเนินการ",
    "not_started": "ยังไม่ดำเนินการ",
    "not_applicable": "ไม่เกี่ยวข้อง",
}

TRUE_WORDS = ("ใช่", "✓", "✔", "x", "true", "yes", "y", "1")
FALSE_WORDS = ("", "ไม่", "ไม่ใช่", "false", "no", "n", "0", "-")

OIT_INDICATORS = {9: "การเปิดเผยข้อมูล", 10: "การป้องกันการทุจริต"}

THAI_MONTHS = (
    ("มกราคม", "ม.ค."), ("กุมภาพันธ์", "ก.พ."), ("มีนาคม", "มี.ค."), ("เมษายน", "เม.ย."),
    ("พฤษภาคม", "พ.ค."), ("มิถุนายน", "มิ.ย."), ("กรกฎาคม", "ก.ค."), ("สิงหาคม", "ส.ค."),
    ("กันยายน", "ก.ย."), ("ตุลาคม", "ต.ค."), ("พฤศจิกายน", "พ.ย."), ("ธันวาคม", "ธ.ค."),
)
BE_OFFSET = 543
# Words of a repeating schedule in ระยะเวลา or กำหนดเสร็จ: no single due date, and no problem.
# Compared with spaces removed, after case folding.
RECURRING_WORDS = (
    "รายวัน", "ทุกวัน", "รายสัปดาห์", "ทุกสัปดาห์", "รายเดือน", "ทุกเดือน", "รายไตรมาส", "ทุกไตรมาส",
    "ทุกปี", "ตลอดปี", "ตลอดทั้งปี", "ต่อเนื่อง", "ตลอดเวลา", "daily", "weekly", "monthly", "quarterly",
    "ongoing", "continuous",
)

# A problem's severity (sheets.model.Problem.severity) and its Thai label, most severe first.
SEVERITY_LABELS = {"error": "ข้อผิดพลาด", "warning": "คำเตือน", "info": "ข้อมูล"}

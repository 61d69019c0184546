"""The sentences careerpivot writes around the catalog's words, in every supported language.

Each template is written for its language, not translated word by word: the
Indonesian reads as a counsellor would say it to a job seeker. Placeholders
are `str.format` fields; both languages of a template use the same fields
(a test checks that, and that no template is missing or empty).
"""

from __future__ import annotations

from recommender.i18n.language import Language

MESSAGES: dict[str, dict[Language, str]] = {
    # --- reasons -------------------------------------------------------------------------------
    "reason.matches": {
        "en": "Your '{evidence}' matches the requirement '{requirement}'",
        "id": "Pengalaman Anda '{evidence}' sesuai dengan kebutuhan '{requirement}'",
    },
    "reason.related": {
        "en": "Your '{evidence}' is related to the requirement '{requirement}'",
        "id": "Pengalaman Anda '{evidence}' berkaitan dengan kebutuhan '{requirement}'",
    },
    "reason.language": {
        "en": "Your fluency in {language} ('{evidence}') meets the requirement '{requirement}'",
        "id": "Penguasaan {language} Anda ('{evidence}') memenuhi kebutuhan '{requirement}'",
    },
    "reason.background": {
        "en": "Your '{evidence}' points to a background this role often hires from ({background})",
        "id": "Latar belakang Anda '{evidence}' termasuk yang sering direkrut untuk peran ini ({background})",
    },
    "reason.whole_profile": {
        "en": "Few of your skills match {title} directly; it ranks here on your profile as a whole "
        "against its day-to-day work (e.g. {task})",
        "id": "Belum banyak keterampilan Anda yang langsung cocok dengan peran {title}; peran ini "
        "muncul karena profil Anda secara keseluruhan dekat dengan pekerjaan sehari-harinya "
        "(misalnya {task})",
    },
    # --- skill names the engine makes up -------------------------------------------------------
    "skill.fluency": {
        "en": "fluency in {language}",
        "id": "penguasaan {language}",
    },
    # --- first steps ---------------------------------------------------------------------------
    "step.material_in_english": {
        "en": "In English.",
        "id": "Materi berbahasa Inggris: kami belum tahu pilihan berbahasa Indonesia untuk langkah ini.",
    },
    "step.local": {
        "en": "An option in Indonesia (checked {checked}).",
        "id": "Pilihan di Indonesia, dicek tahun {checked}.",
    },
    # --- pay -------------------------------------------------------------------------------------
    "pay.none_for_region": {
        "en": "No dated pay figure for {region} is known. The figures shown are for their own region "
        "and currency ({regions}) and are not converted.",
        "id": "Belum ada angka gaji untuk {region} dari sumber bertanggal yang kami ketahui. Angka yang "
        "ditampilkan berlaku untuk wilayah dan mata uangnya sendiri ({regions}) dan tidak dikonversi "
        "ke rupiah.",
    },
    "pay.known_for_region": {
        "en": "The Indonesian figure in IDR comes from {source} ({year}).",
        "id": "Angka untuk Indonesia dalam rupiah (IDR) berasal dari {source} ({year}).",
    },
    "pay.sources_in_english": {
        "en": "Pay notes and sources are quoted in English.",
        "id": "Catatan dan sumber gaji dikutip dalam bahasa Inggris, sesuai aslinya.",
    },
    "region.ID": {"en": "Indonesia", "id": "Indonesia"},
    # --- words for the catalog's codes ---------------------------------------------------------
    "location.remote": {"en": "remote", "id": "jarak jauh (remote)"},
    "location.hybrid": {"en": "hybrid", "id": "hibrida (sebagian dari kantor)"},
    "location.on-site": {"en": "on-site", "id": "di kantor atau lokasi kerja"},
    "arrangement.contract": {"en": "contract", "id": "kontrak"},
    "arrangement.employee": {"en": "employee", "id": "karyawan"},
    "arrangement.freelance": {"en": "freelance", "id": "pekerja lepas (freelance)"},
    "kind.course": {"en": "course", "id": "kursus"},
    "kind.certification": {"en": "certification", "id": "sertifikasi"},
    "kind.portfolio": {"en": "portfolio", "id": "portofolio"},
    "kind.first-gig": {"en": "first gig", "id": "pekerjaan pertama"},
    "kind.degree": {"en": "degree", "id": "pendidikan formal"},
    "kind.community": {"en": "community", "id": "komunitas"},
    "period.hour": {"en": "hour", "id": "jam"},
    "period.month": {"en": "month", "id": "bulan"},
    "period.year": {"en": "year", "id": "tahun"},
    # --- the command line ----------------------------------------------------------------------
    "cli.profile": {"en": "Profile", "id": "Profil"},
    "cli.languages": {"en": "Languages", "id": "Bahasa"},
    "cli.output_language": {"en": "Answer written in", "id": "Jawaban ditulis dalam"},
    "cli.personal_data_removed": {
        "en": "Personal data removed before matching",
        "id": "Data pribadi yang dihapus sebelum pencocokan",
    },
    "cli.role": {"en": "role", "id": "peran"},
    "cli.score": {"en": "score", "id": "skor"},
    "cli.gap": {"en": "gap", "id": "perlu dikuasai"},
    "cli.step_in_english": {"en": "in English", "id": "materi berbahasa Inggris"},
    "cli.step_local": {
        "en": "in Indonesia, checked {checked}",
        "id": "pilihan di Indonesia, dicek {checked}",
    },
    "cli.prerequisite": {"en": "prerequisite", "id": "prasyarat"},
    "cli.model": {
        "en": "model {name} {version}, catalog {catalog}, ranker {ranker}",
        "id": "model {name} {version}, katalog {catalog}, pemeringkat {ranker}",
    },
    "cli.roles_header": {
        "en": "{count} roles, catalog version {version}",
        "id": "{count} peran, versi katalog {version}",
    },
    "language.en": {"en": "English", "id": "bahasa Inggris"},
    "language.id": {"en": "Bahasa Indonesia", "id": "Bahasa Indonesia"},
}


def message(key: str, language: Language, /, **fields: object) -> str:
    """The template `key` in `language`, filled in. Unknown keys are a programming error (KeyError)."""
    return MESSAGES[key][language].format(**fields)

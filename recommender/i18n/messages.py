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
    "reason.written_in": {
        "en": "You wrote your profile in {language}, which meets the requirement '{requirement}'",
        "id": "Anda menulis profil dalam {language}, dan itu memenuhi kebutuhan '{requirement}'",
    },
    "reason.whole_profile_close": {
        "en": "Your profile as a whole is close to the day-to-day work of {title} (e.g. {task})",
        "id": "Profil Anda secara keseluruhan dekat dengan pekerjaan sehari-hari peran {title} (misalnya {task})",
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
    # --- AI exposure and the plan (recommender.exposure) ----------------------------------------
    "exposure.meaning": {
        "en": "Exposure says how much of an occupation's work, as O*NET describes its tasks, a language model "
        "could speed up (Eloundou et al.; Felten et al.) or how much of it people already bring to Microsoft "
        "Copilot with some success (Microsoft, 2025). It is not a forecast of job loss: exposed work may be "
        "helped rather than replaced, and cost, regulation and employers decide what changes. Microsoft's "
        "authors say the same of their data. The figures describe the occupation on average, not your job, "
        "and they disagree with each other because they measure different things.",
        "id": "Angka paparan (exposure) menunjukkan seberapa banyak pekerjaan sebuah okupasi, menurut uraian "
        "tugas O*NET, yang bisa dipercepat oleh model bahasa (Eloundou dkk.; Felten dkk.), atau seberapa banyak "
        "yang sudah dikerjakan orang dengan bantuan Microsoft Copilot dengan cukup berhasil (Microsoft, 2025). "
        "Ini bukan ramalan hilangnya pekerjaan: pekerjaan yang terpapar bisa jadi terbantu, bukan tergantikan, "
        "dan biaya, aturan serta pemberi kerja yang menentukan apa yang berubah. Para penulis dari Microsoft "
        "mengatakan hal yang sama tentang data mereka. Angka ini menggambarkan okupasi secara rata-rata, bukan "
        "pekerjaan Anda sendiri, dan angka-angkanya bisa berbeda karena mengukur hal yang berbeda. Nama okupasi "
        "dan tugas O*NET dikutip dalam bahasa Inggris, sesuai aslinya.",
    },
    "exposure.no_job_line": {
        "en": "No job title or duty line in the profile (a skill list alone does not say what job someone "
        "does), so no occupation is guessed.",
        "id": "Profil ini tidak memuat jabatan atau uraian tugas (daftar keterampilan saja belum menunjukkan "
        "pekerjaan seseorang), jadi kami tidak menebak okupasinya.",
    },
    "exposure.no_close_occupation": {
        "en": "The job titles and duties in the profile match no O*NET occupation closely enough to name one, "
        "so none is guessed.",
        "id": "Jabatan dan tugas dalam profil ini tidak cukup dekat dengan okupasi O*NET mana pun untuk "
        "disebutkan, jadi kami tidak menebaknya.",
    },
    "exposure.disagreement": {
        "en": "The measures disagree: {high} places this occupation among the most exposed ({high_rank} "
        "percentile), while {low} places it among the least exposed ({low_rank} percentile). They measure "
        "different things (what a model could do with the tasks, against what people already use AI for), "
        "so neither should be averaged away.",
        "id": "Ukuran-ukuran ini tidak sepakat: menurut {high}, okupasi ini termasuk yang paling terpapar "
        "(persentil ke-{high_rank}), sedangkan menurut {low} termasuk yang paling sedikit terpapar (persentil "
        "ke-{low_rank}). Keduanya mengukur hal yang berbeda (apa yang bisa dilakukan model terhadap tugasnya, "
        "dibandingkan dengan apa yang sudah dikerjakan orang dengan AI), jadi tidak semestinya dirata-ratakan.",
    },
    "exposure.stand_in_note": {
        "en": "Stand-ins: AI-era roles have no SOC code of their own, so these are the nearest existing "
        "occupations, chosen by the careerpivot team. Their exposure describes that work, not the role.",
        "id": "Okupasi pembanding: peran era AI belum punya kode SOC sendiri, jadi ini okupasi yang sudah ada "
        "dan paling dekat, dipilih oleh tim careerpivot. Angka paparannya menggambarkan pekerjaan itu, bukan "
        "peran ini.",
    },
    "exposure.changes_note": {
        "en": "How the work is changing: the new and revised tasks O*NET recorded for each stand-in "
        "occupation in its surveys of people in the job and analysts (2007-2020), with their dates. These "
        "surveys come round every few years and predate today's language models, so an occupation without "
        "any says nothing about whether its work is stable.",
        "id": "Bagaimana pekerjaan ini berubah: tugas baru dan tugas yang direvisi yang dicatat O*NET untuk "
        "setiap okupasi pembanding dalam survei terhadap pekerja di bidang itu dan para analis (2007-2020), "
        "beserta tanggalnya. Survei ini hanya diadakan beberapa tahun sekali dan lebih tua dari model bahasa "
        "masa kini, jadi okupasi tanpa catatan semacam ini belum tentu pekerjaannya tidak berubah.",
    },
    "measure.gpt4_beta.name": {
        "en": "GPTs are GPTs: share of tasks exposed to LLMs, rated by GPT-4 (beta)",
        "id": "“GPTs are GPTs”: porsi tugas yang terpapar LLM, dinilai oleh GPT-4 (beta)",
    },
    "measure.gpt4_beta.scale": {
        "en": "0-1: tasks an LLM alone could speed up by half, plus half of those LLM-based software could",
        "id": "0-1: tugas yang bisa dipercepat separuhnya oleh LLM saja, ditambah separuh dari tugas yang "
        "bisa dipercepat perangkat lunak berbasis LLM",
    },
    "measure.human_beta.name": {
        "en": "GPTs are GPTs: share of tasks exposed to LLMs, rated by people (beta)",
        "id": "“GPTs are GPTs”: porsi tugas yang terpapar LLM, dinilai oleh manusia (beta)",
    },
    "measure.human_beta.scale": {
        "en": "0-1, as above, from human annotators",
        "id": "0-1, seperti di atas, dari penilai manusia",
    },
    "measure.aioe_language_modeling.name": {
        "en": "AI Occupational Exposure to language modelling (AIOE)",
        "id": "Paparan okupasi terhadap pemodelan bahasa (AIOE)",
    },
    "measure.aioe_language_modeling.scale": {
        "en": "standardised across 774 occupations: 0 is average, +1 one standard deviation above",
        "id": "distandarkan atas 774 okupasi: 0 berarti rata-rata, +1 berarti satu simpangan baku di atasnya",
    },
    "measure.ms_ai_applicability.name": {
        "en": "Microsoft 'Working with AI': AI applicability score",
        "id": "Microsoft “Working with AI”: skor penerapan AI",
    },
    "measure.ms_ai_applicability.scale": {
        "en": "0-1: how much of the occupation's work people bring to Copilot, and how well it goes",
        "id": "0-1: seberapa banyak pekerjaan okupasi ini yang dibawa orang ke Copilot, dan seberapa berhasil",
    },
    "measure.licence.eloundou": {
        "en": "MIT (task text: O*NET, CC BY 4.0)",
        "id": "MIT (teks tugas: O*NET, CC BY 4.0)",
    },
    "measure.licence.aioe": {
        "en": "no licence stated; cited, only the published per-occupation figure is used",
        "id": "tanpa lisensi tertulis; dikutip, hanya angka per okupasi yang dipublikasikan yang dipakai",
    },
    "measure.licence.microsoft": {"en": "CC BY 4.0", "id": "CC BY 4.0"},
    "measure.note.soc2010": {
        "en": "figure for SOC 2010 {code} {title}",
        "id": "angka untuk SOC 2010 {code} “{title}”",
    },
    "measure.note.whole_soc": {
        "en": "figure for the whole SOC occupation {code}",
        "id": "angka untuk seluruh okupasi SOC {code}",
    },
    "plan.credential.none": {"en": "none", "id": "tidak ada"},
    "plan.credential.unknown": {"en": "unknown", "id": "belum diketahui"},
    "plan.cost.free": {"en": "free", "id": "gratis"},
    "plan.cost.unknown": {"en": "unknown", "id": "belum diketahui"},
    "plan.prerequisite": {
        "en": "No short step closes this: the role asks for it before anything else ({description})",
        "id": "Tidak ada langkah singkat untuk ini: peran ini memintanya lebih dulu ({description})",
    },
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
    "cli.current_job": {"en": "Current job", "id": "Pekerjaan saat ini"},
    "cli.occupation_not_found": {"en": "occupation not found", "id": "okupasi tidak ditemukan"},
    "cli.closest": {"en": "closest", "id": "paling dekat"},
    "cli.also": {"en": "also", "id": "juga"},
    "cli.confidence": {"en": "confidence", "id": "keyakinan"},
    "cli.from_your": {"en": "from your '{evidence}'", "id": "dari '{evidence}' Anda"},
    "cli.exposure_of_occupation": {
        "en": "exposure to AI of that occupation",
        "id": "paparan okupasi itu terhadap AI",
    },
    "cli.percentile": {"en": "{rank} percentile", "id": "persentil ke-{rank}"},
    "cli.most_exposed": {"en": "most exposed", "id": "paling terpapar"},
    "cli.least_exposed": {"en": "least exposed", "id": "paling sedikit terpapar"},
    "cli.people": {"en": "people", "id": "penilai manusia"},
    "cli.what_this_means": {"en": "What this means", "id": "Artinya"},
    "cli.stand_ins": {
        "en": "stand-in occupations for exposure",
        "id": "okupasi pembanding untuk paparan AI",
    },
    "cli.new_task": {"en": "new task in O*NET", "id": "tugas baru di O*NET"},
    "cli.revised_task": {"en": "revised task in O*NET", "id": "tugas yang direvisi di O*NET"},
    "cli.plan": {"en": "plan", "id": "rencana"},
    "cli.hours": {"en": "{hours} h ({basis})", "id": "{hours} jam ({basis})"},
    "cli.hours_unknown": {"en": "hours unknown", "id": "jumlah jam belum diketahui"},
    "cli.credential": {"en": "credential", "id": "kredensial"},
    "cli.nothing_to_pay": {"en": "nothing known to pay", "id": "tidak ada biaya yang diketahui"},
    "cli.plan_total": {
        "en": "total: {hours} known hours (+{unknown_hours} steps of unknown length), {cost} "
        "(+{unknown_cost} steps of unknown cost)",
        "id": "total: {hours} jam yang diketahui (+{unknown_hours} langkah yang lamanya belum diketahui), "
        "{cost} (+{unknown_cost} langkah yang biayanya belum diketahui)",
    },
    "cli.portfolio_task": {"en": "portfolio task", "id": "tugas portofolio"},
    "cli.done_when": {"en": "Done when", "id": "Selesai bila"},
    "language.en": {"en": "English", "id": "bahasa Inggris"},
    "language.id": {"en": "Bahasa Indonesia", "id": "Bahasa Indonesia"},
}


def message(key: str, language: Language, /, **fields: object) -> str:
    """The template `key` in `language`, filled in. Unknown keys are a programming error (KeyError)."""
    return MESSAGES[key][language].format(**fields)

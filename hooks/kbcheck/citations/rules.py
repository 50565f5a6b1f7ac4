"""Rule codes (KB2xx), settings and the evidence vocabulary of the citations concern."""

from __future__ import annotations

from ..diagnostics import Severity, rule
from ..settings import register_section

# Bibliography file and records.
UNREADABLE = rule("KB201", "bibliography-unreadable", Severity.ERROR, "bibliography missing, not JSON or not a list")
BAD_RECORD = rule("KB202", "bibliography-bad-record", Severity.ERROR, "a bibliography entry is not a JSON object")
DUPLICATE_ID = rule("KB203", "bibliography-duplicate-id", Severity.ERROR, "two records share one id")
MISSING_FIELD = rule("KB204", "bibliography-missing-field", Severity.ERROR, "a record lacks a required field")
BAD_IDENTIFIER = rule("KB205", "bibliography-bad-identifier", Severity.ERROR, "malformed DOI, PMID or PMCID")
BAD_YEAR = rule("KB206", "bibliography-bad-year", Severity.ERROR, "issued year missing or outside 1900..next year")
BAD_EVIDENCE = rule("KB207", "bibliography-bad-evidence", Severity.ERROR, "unknown 'evidence' kind")
BAD_ID = rule("KB208", "bibliography-bad-id", Severity.ERROR, "record id has spaces or odd characters")
BAD_FIELD = rule("KB209", "bibliography-bad-field", Severity.ERROR, "a record field has the wrong shape")
# Citations in pages.
UNKNOWN_KEY = rule("KB210", "citation-unknown-key", Severity.ERROR, "a page cites a key not in the bibliography")
MALFORMED = rule("KB211", "citation-malformed", Severity.ERROR, "a citation bracket cannot be read")
IN_FRONT_MATTER = rule(
    "KB212", "citation-in-front-matter", Severity.ERROR, "a citation in front matter is never rendered"
)
UNCITED_RECORD = rule("KB213", "bibliography-uncited", Severity.WARNING, "no page cites this record")
CLINICAL_UNCITED = rule("KB214", "clinical-page-uncited", Severity.ERROR, "a clinical page cites no source")
CITATION_NEEDED = rule("KB215", "citation-needed", Severity.WARNING, "a figure or 'studies show' with no citation")
UNVERIFIED = rule("KB216", "bibliography-unverified", Severity.WARNING, "record not verified, or changed since")
# Verification against Crossref and PubMed (make verify-refs).
MISMATCH = rule("KB217", "verify-mismatch", Severity.ERROR, "a record disagrees with Crossref or PubMed")
RETRACTED = rule("KB218", "verify-retracted", Severity.ERROR, "the work is retracted or withdrawn")
CORRECTED = rule("KB219", "verify-corrected", Severity.WARNING, "the work has a correction or other update notice")
NOT_FOUND = rule("KB220", "verify-not-found", Severity.ERROR, "the DOI or PMID does not exist")
UNREACHABLE = rule(
    "KB221", "verify-unreachable", Severity.WARNING, "a lookup service did not answer, or not with its API"
)

# The project field `evidence`: kind -> label readers see.
EVIDENCE_LABELS = {
    "systematic-review": "Systematic review or meta-analysis",
    "guideline": "Guideline or consensus statement",
    "rct": "Randomised controlled trial",
    "non-randomised": "Non-randomised or observational study",
    "case-series": "Case series",
    "narrative-review": "Narrative review or commentary",
    "regulatory": "Regulatory or official document",
    "preclinical": "Animal or laboratory study",
    "qualitative": "Qualitative study",
    # Not evidence of effect: a dated report that an event (an approval, a
    # safety warning) happened. Labelled apart so readers never take it for
    # the regulator's own document.
    "news": "News report or press release",
}

DEFAULT_PHRASES = [
    "studies show",
    "studies have shown",
    "research shows",
    "research has shown",
    "research suggests",
    "evidence shows",
    "evidence suggests",
    "trials show",
    "trials have shown",
    "experts agree",
    "doctors agree",
    "it is well known",
    "it is known that",
]

register_section(
    "citations",
    {
        "bibliography": {
            "type": "string",
            "default": "data/bibliography.json",
            "description": "CSL-JSON bibliography, relative to mkdocs.yml",
        },
        "lock": {
            "type": "string",
            "default": "data/bibliography.lock.json",
            "description": "what `verify-refs` verified, relative to mkdocs.yml",
        },
        "bibliography_page": {"type": "string", "default": "bibliography.md"},
        "style": {"type": "string", "default": "american-medical-association"},
        "render_cache": {
            "type": ["string", "null"],
            "default": ".cache/kbcheck/references.json",
            "description": "rendered reference entries kept between builds, relative to mkdocs.yml (null: none)",
        },
        "clinical_types": {"type": "array", "items": {"type": "string"}, "default": ["clinical"]},
        "citation_needed": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "phrases": {"type": "array", "items": {"type": "string"}, "default": DEFAULT_PHRASES},
                # Summary boxes restate what the cited body says; they carry no citations.
                "skip_admonitions": {"type": "array", "items": {"type": "string"}, "default": ["abstract"]},
            },
            "default": {},
        },
        "verify": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "crossref_url": {"type": "string", "default": "https://api.crossref.org"},
                "ncbi_url": {"type": "string", "default": "https://eutils.ncbi.nlm.nih.gov/entrez/eutils"},
                "contact": {
                    "type": "string",
                    "default": "",
                    "description": "e-mail for the Crossref and NCBI User-Agent (or env KB_VERIFY_CONTACT)",
                },
                "ncbi_api_key_env": {"type": "string", "default": "NCBI_API_KEY"},
                "timeout": {"type": "number", "exclusiveMinimum": 0, "default": 20},
                "retries": {"type": "integer", "minimum": 0, "default": 3},
                "backoff": {"type": "number", "minimum": 0, "default": 1.0},
                "cache": {"type": "string", "default": ".cache/kbcheck/verify.json"},
                "cache_days": {"type": "number", "minimum": 0, "default": 7},
                "title_similarity": {"type": "number", "minimum": 0, "maximum": 1, "default": 0.9},
            },
            "default": {},
        },
    },
)

"""The officer's answers to the self-assessment against the Code, kept a year at a time; a new
year starts from the answers last given."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

from store.formats import clean_text
from store.rules import Problem, RuleBroken
from store.text_fields import text_problems

COMPLY = ("", "yes", "no")


@dataclass(frozen=True)
class Answer:
    comply: str = ""
    """"yes", "no", or "" while unanswered."""
    evidence: str = ""
    commentary: str = ""
    action: str = ""
    """For a "no": what will be done to comply ..."""
    action_due: date | None = None
    """... and by when."""

    @property
    def needs_action(self) -> bool:
        """A "No" with no action and date to put it right."""
        return self.comply == "no" and not (self.action and self.action_due)


def load_answers(db: sqlite3.Connection, year: int) -> dict[str, tuple[Answer, int]]:
    """Each provision's answer for the year, with the year it was given: this one, or, where
    this year has none yet, the latest before it, as the starting point."""
    answers: dict[str, tuple[Answer, int]] = {}
    for given, provision, comply, evidence, commentary, action, due in db.execute(
        "SELECT year, provision, comply, evidence, commentary, action, action_due "
        "FROM self_assessment WHERE year <= ? ORDER BY year",
        (year,),
    ):
        answers[provision] = (Answer(comply, evidence, commentary, action, _date(due)), given)
    return answers


def save_answer(db: sqlite3.Connection, year: int, provision: str, answer: Answer) -> None:
    texts = {
        name: clean_text(getattr(answer, name)) for name in ("evidence", "commentary", "action")
    }
    problems = text_problems("self_assessment", texts)
    if answer.comply not in COMPLY:
        problems.append(Problem("comply", "Answer yes or no, or leave it for now."))
    if answer.action_due is not None and not answer.action:
        problems.append(Problem("action", "Say what will be done by that date."))
    if problems:
        raise RuleBroken(problems)
    with db:
        db.execute(
            "INSERT INTO self_assessment "
            "(year, provision, comply, evidence, commentary, action, action_due) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (year, provision) DO UPDATE SET "
            "comply = excluded.comply, evidence = excluded.evidence, "
            "commentary = excluded.commentary, action = excluded.action, "
            "action_due = excluded.action_due",
            (
                year,
                provision,
                answer.comply,
                texts["evidence"],
                texts["commentary"],
                texts["action"],
                answer.action_due.isoformat() if answer.action_due else None,
            ),
        )


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None

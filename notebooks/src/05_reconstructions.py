"""Stub, replaced by the real chapter."""
TITLE = {"ko": "05_reconstructions (작성 중)", "en": "05_reconstructions (in progress)"}
CELLS = [md(ko="작성 중입니다.", en="In progress.")]

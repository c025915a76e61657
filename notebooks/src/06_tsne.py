"""Stub, replaced by the real chapter."""
TITLE = {"ko": "06_tsne (작성 중)", "en": "06_tsne (in progress)"}
CELLS = [md(ko="작성 중입니다.", en="In progress.")]

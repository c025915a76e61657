"""Stub, replaced by the real chapter."""
TITLE = {"ko": "01_autoencoder (작성 중)", "en": "01_autoencoder (in progress)"}
CELLS = [md(ko="작성 중입니다.", en="In progress.")]

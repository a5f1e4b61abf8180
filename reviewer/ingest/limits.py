"""Size limits for untrusted input (documented in README, 输入限制)."""

MAX_FILE_BYTES = 100 * 1024 * 1024  # a document larger than this is refused
MAX_ZIP_MEMBER_BYTES = 200 * 1024 * 1024  # one part of a .docx after decompression
MAX_ZIP_TOTAL_BYTES = 400 * 1024 * 1024  # all parts read from one .docx
MAX_ZIP_RATIO = 300  # decompressed / compressed, per part, above 1 MB
CONVERT_TIMEOUT_S = 120  # LibreOffice conversion of one .doc/.wps

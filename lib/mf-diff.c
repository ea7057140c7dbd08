/* mf-diff.c: unified line diffs (Myers' O(ND) algorithm) for dry runs */
#include "config.h"

#include <string.h>

#include "mf-diff.h"

/* beyond this many differing lines a readable diff is no longer useful,
 * and the table would grow with it: show the region as replaced instead */
#define MF_DIFF_MAX_D 4000

typedef struct {
  const gchar *start;
  gsize len;
} Line;

typedef enum { OP_SAME, OP_DEL, OP_ADD } OpKind;

typedef struct {
  OpKind kind;
  gsize a;   /* index in old */
  gsize b;   /* index in new */
} Op;

static GArray *
split_lines (GBytes *bytes)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (Line));
  gsize len = 0;
  const gchar *data = bytes != NULL ? g_bytes_get_data (bytes, &len) : NULL;
  gsize pos = 0;

  while (pos < len) {
    const gchar *nl = memchr (data + pos, '\n', len - pos);
    gsize end = nl != NULL ? (gsize) (nl - data) + 1 : len;
    Line line = { data + pos, end - pos };
    g_array_append_val (lines, line);
    pos = end;
  }
  return lines;
}

static gboolean
line_equal (const Line *x, const Line *y)
{
  return x->len == y->len && memcmp (x->start, y->start, x->len) == 0;
}

/* fills ops with the edit script between a[lo_a..hi_a) and b[lo_b..hi_b) */
static void
myers (GArray *a, gsize lo_a, gsize hi_a, GArray *b, gsize lo_b, gsize hi_b, GArray *ops)
{
  gssize n = (gssize) (hi_a - lo_a), m = (gssize) (hi_b - lo_b);
  gssize max = n + m, offset = max + 1, d, found_d = -1;
  g_autoptr(GPtrArray) trace = g_ptr_array_new_with_free_func (g_free);
  gssize *v = g_new0 (gssize, 2 * max + 3);
  gssize x, y;
  g_autoptr(GArray) rev = g_array_new (FALSE, FALSE, sizeof (Op));

  for (d = 0; d <= max && d <= MF_DIFF_MAX_D; d++) {
    g_ptr_array_add (trace, g_memdup2 (v, sizeof (gssize) * (2 * max + 3)));
    for (gssize k = -d; k <= d; k += 2) {
      if (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]))
        x = v[offset + k + 1];
      else
        x = v[offset + k - 1] + 1;
      y = x - k;
      while (x < n && y < m &&
             line_equal (&g_array_index (a, Line, lo_a + x), &g_array_index (b, Line, lo_b + y))) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found_d = d;
        break;
      }
    }
    if (found_d >= 0)
      break;
  }
  g_free (v);

  if (found_d < 0) {
    /* too different: everything old goes, everything new comes */
    for (gssize i = 0; i < n; i++) {
      Op op = { OP_DEL, lo_a + i, lo_b };
      g_array_append_val (ops, op);
    }
    for (gssize j = 0; j < m; j++) {
      Op op = { OP_ADD, hi_a, lo_b + j };
      g_array_append_val (ops, op);
    }
    return;
  }

  /* walk back through the saved frontiers to recover the script */
  x = n;
  y = m;
  for (d = found_d; d > 0; d--) {
    gssize *pv = g_ptr_array_index (trace, d);
    gssize k = x - y, prev_k, prev_x, prev_y;

    if (k == -d || (k != d && pv[offset + k - 1] < pv[offset + k + 1]))
      prev_k = k + 1;
    else
      prev_k = k - 1;
    prev_x = pv[offset + prev_k];
    prev_y = prev_x - prev_k;
    while (x > prev_x && y > prev_y) {
      Op op = { OP_SAME, lo_a + x - 1, lo_b + y - 1 };
      g_array_append_val (rev, op);
      x--;
      y--;
    }
    if (x == prev_x) {
      Op op = { OP_ADD, lo_a + x, lo_b + y - 1 };
      g_array_append_val (rev, op);
      y--;
    } else {
      Op op = { OP_DEL, lo_a + x - 1, lo_b + y };
      g_array_append_val (rev, op);
      x--;
    }
  }
  while (x > 0 && y > 0) {
    Op op = { OP_SAME, lo_a + x - 1, lo_b + y - 1 };
    g_array_append_val (rev, op);
    x--;
    y--;
  }
  for (guint i = rev->len; i > 0; i--)
    g_array_append_val (ops, g_array_index (rev, Op, i - 1));
}

static void
append_line (GString *out, gchar mark, const Line *line)
{
  g_string_append_c (out, mark);
  g_string_append_len (out, line->start, line->len);
  if (line->len == 0 || line->start[line->len - 1] != '\n')
    g_string_append (out, "\n\\ No newline at end of file\n");
}

static void
emit_hunks (GString *out, GArray *ops, GArray *a, GArray *b, guint context)
{
  guint i = 0;

  while (i < ops->len) {
    guint start, end, j, last_change;
    gsize a_start, b_start, a_count = 0, b_count = 0;

    while (i < ops->len && g_array_index (ops, Op, i).kind == OP_SAME)
      i++;
    if (i >= ops->len)
      break;
    start = i > context ? i - context : 0;
    /* extend the hunk while changes are closer than two contexts */
    last_change = i;
    for (j = i; j < ops->len; j++) {
      if (g_array_index (ops, Op, j).kind != OP_SAME)
        last_change = j;
      else if (j - last_change > 2 * context)
        break;
    }
    end = MIN (last_change + context + 1, ops->len);
    a_start = g_array_index (ops, Op, start).a;
    b_start = g_array_index (ops, Op, start).b;
    for (j = start; j < end; j++) {
      OpKind kind = g_array_index (ops, Op, j).kind;
      if (kind != OP_ADD)
        a_count++;
      if (kind != OP_DEL)
        b_count++;
    }
    g_string_append_printf (out, "@@ -%" G_GSIZE_FORMAT ",%" G_GSIZE_FORMAT
                            " +%" G_GSIZE_FORMAT ",%" G_GSIZE_FORMAT " @@\n",
                            a_count > 0 ? a_start + 1 : a_start, a_count,
                            b_count > 0 ? b_start + 1 : b_start, b_count);
    for (j = start; j < end; j++) {
      const Op *op = &g_array_index (ops, Op, j);
      if (op->kind == OP_SAME)
        append_line (out, ' ', &g_array_index (a, Line, op->a));
      else if (op->kind == OP_DEL)
        append_line (out, '-', &g_array_index (a, Line, op->a));
      else
        append_line (out, '+', &g_array_index (b, Line, op->b));
    }
    i = end;
  }
}

/**
 * mf_diff_unified:
 *
 * Returns: (transfer full): the unified diff, or an empty string when the
 *   contents are equal
 */
gchar *
mf_diff_unified (const gchar *label_old, const gchar *label_new,
                 GBytes *old_contents, GBytes *new_contents, guint context)
{
  g_autoptr(GArray) a = split_lines (old_contents);
  g_autoptr(GArray) b = split_lines (new_contents);
  g_autoptr(GArray) ops = g_array_new (FALSE, FALSE, sizeof (Op));
  GString *out = g_string_new (NULL);
  gsize pre = 0, suf = 0;

  /* trim what is common at both ends; most edits touch a few lines */
  while (pre < a->len && pre < b->len &&
         line_equal (&g_array_index (a, Line, pre), &g_array_index (b, Line, pre)))
    pre++;
  while (suf < a->len - pre && suf < b->len - pre &&
         line_equal (&g_array_index (a, Line, a->len - 1 - suf), &g_array_index (b, Line, b->len - 1 - suf)))
    suf++;
  if (pre == a->len && pre == b->len)
    return g_string_free (out, FALSE);

  for (gsize i = 0; i < pre; i++) {
    Op op = { OP_SAME, i, i };
    g_array_append_val (ops, op);
  }
  myers (a, pre, a->len - suf, b, pre, b->len - suf, ops);
  for (gsize i = 0; i < suf; i++) {
    Op op = { OP_SAME, a->len - suf + i, b->len - suf + i };
    g_array_append_val (ops, op);
  }
  g_string_append_printf (out, "--- %s\n+++ %s\n", label_old, label_new);
  emit_hunks (out, ops, a, b, context);
  return g_string_free (out, FALSE);
}

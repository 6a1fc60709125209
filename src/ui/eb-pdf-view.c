/* eb-pdf-view.c — a PDF document, page under page, to read before printing
 *
 * Every page is a GtkPicture showing an image rendered by poppler at
 * zoom × the monitor's scale factor, so text stays sharp on HiDPI screens.
 * Small images are rendered at once; large ones (high zoom) by a worker
 * thread with a PopplerDocument of its own, since poppler objects must not be
 * shared between threads. Until a sharp image arrives the old one stands in,
 * stretched. A zoom change makes every queued render stale.
 *
 * The worker's document is made and dropped on the main thread, with the
 * worker joined in between: dropping the last reference of a document from
 * another thread crashed at exit in a probe (docs/architecture.md,
 * “Cards and signing: facts found by trying”).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gi18n.h>
#include <poppler.h>

#include "eb-pdf-view.h"

/* Around each page, inside its picture: room for the shadow. */
#define PAGE_MARGIN 8
/* Spacing and margins of the page box, see the template. */
#define PAGES_PADDING 12
#define ZOOM_STEP 1.2
/* Device pixels of one page image: rendered at once up to this, by the
 * worker above it, and never more than the cap (then slightly soft). */
#define SYNC_MAX_PIXELS (4 * 1024 * 1024)
#define MAX_PAGE_PIXELS (40 * 1024 * 1024)

typedef struct
{
  PopplerPage *page;      /* of the main thread's document */
  double width, height;   /* points */
  GtkWidget *picture;
  GdkTexture *texture;    /* the latest image, sharp or not */
  gboolean sharp;         /* rendered for the current zoom and scale */
} PageSlot;

struct _EbPdfView
{
  GtkWidget parent_instance;

  GtkWidget *toolbar;
  GtkStack *stack;
  GtkScrolledWindow *scrolled;
  GtkBox *pages_box;
  GtkLabel *page_label;
  GtkLabel *zoom_label;
  GtkSpinner *spinner;
  AdwStatusPage *error_page;

  GBytes *pdf;
  PopplerDocument *document;
  GPtrArray *slots;
  char *error_message;

  double zoom;
  gboolean fit_width;
  guint page;
  int scale;

  /* Renders of an older generation are stale. Read by the worker. */
  gint generation;
  guint pending;
  GThread *worker;
  GAsyncQueue *jobs;
  PopplerDocument *worker_document;

  guint fit_idle;
  double anchor;          /* centre of the view as a fraction of the height, or < 0 */
  int scroll_to_page;     /* a page to scroll to once laid out, or -1 */
  double scroll_delta;
  gboolean disposed;
};

G_DEFINE_FINAL_TYPE (EbPdfView, eb_pdf_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ZOOM,
  PROP_PAGE,
  PROP_N_PAGES,
  PROP_FIT_WIDTH,
  PROP_BUSY,
  PROP_ERROR_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  gboolean quit;
  gint generation;
  guint index;
  int width, height;       /* device pixels */
  GWeakRef view;
  /* The result. */
  GBytes *pixels;
  gsize stride;
} RenderJob;

static void
render_job_free (RenderJob *job)
{
  g_weak_ref_clear (&job->view);
  g_clear_pointer (&job->pixels, g_bytes_unref);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RenderJob, render_job_free)

static void
page_slot_free (PageSlot *slot)
{
  g_clear_object (&slot->page);
  g_clear_object (&slot->texture);
  g_free (slot);
}

/* Thread-safe for pages of different documents; no GTK here. */
static GBytes *
render_pixels (PopplerPage *page,
               double       width_pt,
               double       height_pt,
               int          width,
               int          height,
               gsize       *out_stride)
{
  int stride = cairo_format_stride_for_width (CAIRO_FORMAT_ARGB32, width);
  guchar *data = g_malloc ((gsize) stride * height);
  cairo_surface_t *surface;
  cairo_t *cr;

  surface = cairo_image_surface_create_for_data (data, CAIRO_FORMAT_ARGB32, width, height, stride);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, width / width_pt, height / height_pt);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  cairo_surface_destroy (surface);

  *out_stride = stride;
  return g_bytes_new_take (data, (gsize) stride * height);
}

static GdkTexture *
texture_from_pixels (GBytes *pixels,
                     int     width,
                     int     height,
                     gsize   stride)
{
  /* cairo's ARGB32 is premultiplied, native endian: GDK_MEMORY_DEFAULT. */
  return gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, pixels, stride);
}

/* The page on white, with a border and a soft shadow in the margin. */
static GdkPaintable *
page_paintable (GdkTexture *texture,
                int         width,
                int         height)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  graphene_rect_t rect = GRAPHENE_RECT_INIT (PAGE_MARGIN, PAGE_MARGIN, width, height);
  const GdkRGBA white = { 1, 1, 1, 1 };
  const GdkRGBA shadow = { 0, 0, 0, 0.25 };
  const GdkRGBA line = { 0, 0, 0, 0.18 };
  const float border_width[4] = { 1, 1, 1, 1 };
  const GdkRGBA border_color[4] = { line, line, line, line };
  GskRoundedRect outline;

  gsk_rounded_rect_init_from_rect (&outline, &rect, 0);
  gtk_snapshot_append_outset_shadow (snapshot, &outline, &shadow, 0, 2, 0, 4);
  gtk_snapshot_append_color (snapshot, &white, &rect);
  if (texture != NULL)
    gtk_snapshot_append_texture (snapshot, texture, &rect);
  gtk_snapshot_append_border (snapshot, &outline, border_width, border_color);

  return gtk_snapshot_free_to_paintable (snapshot,
                                         &GRAPHENE_SIZE_INIT (width + 2 * PAGE_MARGIN,
                                                              height + 2 * PAGE_MARGIN));
}

static void
logical_size (EbPdfView *self,
              PageSlot  *slot,
              int       *width,
              int       *height)
{
  *width = MAX (1, (int) ceil (slot->width * self->zoom));
  *height = MAX (1, (int) ceil (slot->height * self->zoom));
}

static void
device_size (EbPdfView *self,
             PageSlot  *slot,
             int       *width,
             int       *height)
{
  int lw, lh;
  double w, h;

  logical_size (self, slot, &lw, &lh);
  w = (double) lw * self->scale;
  h = (double) lh * self->scale;
  if (w * h > MAX_PAGE_PIXELS)
    {
      double shrink = sqrt (MAX_PAGE_PIXELS / (w * h));

      w *= shrink;
      h *= shrink;
    }
  *width = MAX (1, (int) w);
  *height = MAX (1, (int) h);
}

static void
show_slot (EbPdfView *self,
           PageSlot  *slot)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  int width, height;

  logical_size (self, slot, &width, &height);
  paintable = page_paintable (slot->texture, width, height);
  gtk_picture_set_paintable (GTK_PICTURE (slot->picture), paintable);
}

static void
set_pending (EbPdfView *self,
             guint      pending)
{
  gboolean was_busy = self->pending > 0;

  self->pending = pending;
  if (was_busy == (pending > 0))
    return;

  if (self->spinner != NULL)
    gtk_spinner_set_spinning (self->spinner, pending > 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* Runs on the main thread, from the worker. */
static gboolean
deliver_render (gpointer data)
{
  RenderJob *job = data;
  g_autoptr(EbPdfView) self = g_weak_ref_get (&job->view);
  PageSlot *slot;

  if (self == NULL || self->disposed || job->generation != g_atomic_int_get (&self->generation))
    return G_SOURCE_REMOVE;

  slot = g_ptr_array_index (self->slots, job->index);
  g_clear_object (&slot->texture);
  slot->texture = texture_from_pixels (job->pixels, job->width, job->height, job->stride);
  slot->sharp = TRUE;
  show_slot (self, slot);
  set_pending (self, self->pending - 1);

  return G_SOURCE_REMOVE;
}

typedef struct
{
  GAsyncQueue *jobs;
  PopplerDocument *document;
  gint *generation;
} WorkerData;

static gpointer
worker_main (gpointer data)
{
  g_autofree WorkerData *worker = data;

  for (;;)
    {
      g_autoptr(RenderJob) job = g_async_queue_pop (worker->jobs);
      PopplerPage *page;
      double width_pt, height_pt;

      if (job->quit)
        break;
      if (job->generation != g_atomic_int_get (worker->generation))
        continue;

      page = poppler_document_get_page (worker->document, job->index);
      poppler_page_get_size (page, &width_pt, &height_pt);
      job->pixels = render_pixels (page, width_pt, height_pt, job->width, job->height, &job->stride);
      g_object_unref (page);

      if (job->generation == g_atomic_int_get (worker->generation))
        g_idle_add_full (G_PRIORITY_DEFAULT, deliver_render, g_steal_pointer (&job),
                         (GDestroyNotify) render_job_free);
    }

  return NULL;
}

static void
stop_worker (EbPdfView *self)
{
  RenderJob *quit;

  g_atomic_int_inc (&self->generation);
  if (self->worker != NULL)
    {
      quit = g_new0 (RenderJob, 1);
      quit->quit = TRUE;
      g_weak_ref_init (&quit->view, NULL);
      /* Ahead of the stale jobs still queued, so the join waits for one
       * page at most. */
      g_async_queue_push_front (self->jobs, quit);
      g_thread_join (g_steal_pointer (&self->worker));
      /* What the worker left in the queue is stale. */
      while ((quit = g_async_queue_try_pop (self->jobs)) != NULL)
        render_job_free (quit);
    }
  /* Only now, with the worker gone, and on this thread. */
  g_clear_object (&self->worker_document);
  set_pending (self, 0);
}

static gboolean
start_worker (EbPdfView *self)
{
  g_autoptr(GError) error = NULL;
  WorkerData *worker;

  if (self->worker != NULL)
    return TRUE;

  self->worker_document = poppler_document_new_from_bytes (self->pdf, NULL, &error);
  if (self->worker_document == NULL)
    {
      g_warning ("Cannot open the document a second time for rendering: %s", error->message);
      return FALSE;
    }

  worker = g_new0 (WorkerData, 1);
  worker->jobs = self->jobs;
  worker->document = self->worker_document;
  worker->generation = &self->generation;
  self->worker = g_thread_new ("eb-pdf-render", worker_main, worker);
  return TRUE;
}

static void
render_now (EbPdfView *self,
            PageSlot  *slot,
            int        width,
            int        height)
{
  g_autoptr(GBytes) pixels = NULL;
  gsize stride;

  pixels = render_pixels (slot->page, slot->width, slot->height, width, height, &stride);
  g_clear_object (&slot->texture);
  slot->texture = texture_from_pixels (pixels, width, height, stride);
  slot->sharp = TRUE;
}

/* After a change of document, zoom or scale factor. */
static void
render_pages (EbPdfView *self)
{
  guint pending = 0;
  gint generation;

  if (self->slots->len == 0)
    return;

  generation = g_atomic_int_add (&self->generation, 1) + 1;

  for (guint i = 0; i < self->slots->len; i++)
    {
      PageSlot *slot = g_ptr_array_index (self->slots, i);
      int width, height;

      device_size (self, slot, &width, &height);
      slot->sharp = FALSE;

      if ((gint64) width * height <= SYNC_MAX_PIXELS || !start_worker (self))
        {
          render_now (self, slot, width, height);
        }
      else
        {
          RenderJob *job = g_new0 (RenderJob, 1);

          job->generation = generation;
          job->index = i;
          job->width = width;
          job->height = height;
          g_weak_ref_init (&job->view, self);
          g_async_queue_push (self->jobs, job);
          pending++;
        }
      show_slot (self, slot);
    }

  set_pending (self, pending);
}

static void
update_labels (EbPdfView *self)
{
  guint n_pages = self->slots->len;
  g_autofree char *page_text = NULL;
  g_autofree char *zoom_text = NULL;

  page_text = n_pages > 0 ? g_strdup_printf ("%u / %u", self->page + 1, n_pages) : g_strdup ("");
  gtk_label_set_text (self->page_label, page_text);

  /* TRANSLATORS: the zoom level; Turkish puts the sign first ("%%%.0f") */
  zoom_text = g_strdup_printf (_("%.0f %%"), self->zoom * 100);
  gtk_label_set_text (self->zoom_label, zoom_text);
  /* Nothing to page through or zoom in the empty and error states. */
  gtk_widget_set_visible (self->toolbar, n_pages > 0);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pdf-view.previous-page", self->page > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pdf-view.next-page", self->page + 1 < n_pages);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pdf-view.zoom-in",
                                 n_pages > 0 && self->zoom < EB_PDF_VIEW_ZOOM_MAX - 1e-6);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pdf-view.zoom-out",
                                 n_pages > 0 && self->zoom > EB_PDF_VIEW_ZOOM_MIN + 1e-6);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pdf-view.zoom-reset", n_pages > 0);
}

static void
apply_zoom (EbPdfView *self,
            double     zoom)
{
  GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (self->scrolled);
  double upper = gtk_adjustment_get_upper (vadj);

  zoom = CLAMP (zoom, EB_PDF_VIEW_ZOOM_MIN, EB_PDF_VIEW_ZOOM_MAX);
  if (fabs (zoom - self->zoom) < 1e-4)
    return;

  /* Keep what is in the middle of the view there; the top stays the top. */
  if (upper > 0 && self->anchor < 0 && gtk_adjustment_get_value (vadj) > 0)
    self->anchor = (gtk_adjustment_get_value (vadj) + gtk_adjustment_get_page_size (vadj) / 2) / upper;

  self->zoom = zoom;
  render_pages (self);
  update_labels (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

static double
fit_width_zoom (EbPdfView *self)
{
  GtkAdjustment *hadj = gtk_scrolled_window_get_hadjustment (self->scrolled);
  double available = gtk_adjustment_get_page_size (hadj);
  double widest = 0;

  for (guint i = 0; i < self->slots->len; i++)
    widest = MAX (widest, ((PageSlot *) g_ptr_array_index (self->slots, i))->width);

  /* Before the first allocation: A4 in a narrow window, roughly. */
  if (available <= 0 || widest <= 0)
    return 1.0;

  /* Integer page widths round up: stay a pixel short of a scroll bar. */
  return (available - 2 * PAGES_PADDING - 2 * PAGE_MARGIN - 1) / widest;
}

static gboolean
fit_idle_cb (gpointer data)
{
  EbPdfView *self = data;

  self->fit_idle = 0;
  if (self->fit_width)
    apply_zoom (self, fit_width_zoom (self));
  return G_SOURCE_REMOVE;
}

static void
queue_fit (EbPdfView *self)
{
  /* Not from inside size allocation, where the width becomes known. */
  if (self->fit_width && self->fit_idle == 0 && self->slots->len > 0)
    self->fit_idle = g_idle_add (fit_idle_cb, self);
}

/* Where @index's page starts in the scrolled content. */
static gboolean
page_offset (EbPdfView *self,
             guint      index,
             double    *y)
{
  PageSlot *slot = g_ptr_array_index (self->slots, index);
  graphene_rect_t bounds;

  if (!gtk_widget_compute_bounds (slot->picture, GTK_WIDGET (self->pages_box), &bounds) ||
      gtk_widget_get_height (slot->picture) <= 0)
    return FALSE;
  *y = PAGES_PADDING + bounds.origin.y;
  return TRUE;
}

static void
set_current_page (EbPdfView *self,
                  guint      page)
{
  if (page == self->page)
    return;
  self->page = page;
  update_labels (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

static gboolean
scroll_to_page (EbPdfView *self,
                guint      index)
{
  GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (self->scrolled);
  double y;

  if (!page_offset (self, index, &y))
    return FALSE;
  /* The gap above the page stays in view. */
  gtk_adjustment_set_value (vadj, y - PAGES_PADDING / 2.0);
  return TRUE;
}

static void
on_vadjustment_value_changed (EbPdfView     *self,
                              GtkAdjustment *vadj)
{
  double probe = gtk_adjustment_get_value (vadj) + gtk_adjustment_get_page_size (vadj) / 3;
  guint current = 0;

  if (self->scroll_to_page >= 0)
    return;

  /* The last page that starts above a third of the view. */
  for (guint i = 0; i < self->slots->len; i++)
    {
      double y;

      if (page_offset (self, i, &y) && y <= probe)
        current = i;
    }
  /* At the very end, the last page, however short the ones before it. */
  if (self->slots->len > 0 &&
      gtk_adjustment_get_value (vadj) + gtk_adjustment_get_page_size (vadj) >= gtk_adjustment_get_upper (vadj) - 1 &&
      gtk_adjustment_get_value (vadj) > 0)
    current = self->slots->len - 1;

  set_current_page (self, current);
}

static void
on_vadjustment_changed (EbPdfView     *self,
                        GtkAdjustment *vadj)
{
  if (self->scroll_to_page >= 0)
    {
      if (scroll_to_page (self, self->scroll_to_page))
        self->scroll_to_page = -1;
      return;
    }
  if (self->anchor >= 0)
    {
      double value = self->anchor * gtk_adjustment_get_upper (vadj) - gtk_adjustment_get_page_size (vadj) / 2;

      self->anchor = -1;
      gtk_adjustment_set_value (vadj, value);
    }
}

static void
on_hadjustment_page_size (EbPdfView *self)
{
  queue_fit (self);
}

static void
on_scale_factor (EbPdfView *self)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));

  if (scale == self->scale)
    return;
  self->scale = scale;
  render_pages (self);
}

static gboolean
on_scroll (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           EbPdfView                *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  if ((state & GDK_CONTROL_MASK) == 0 || self->slots->len == 0)
    return FALSE;

  /* A wheel notch is 1; touchpads send fractions, added up to whole steps. */
  self->scroll_delta += dy;
  if (fabs (self->scroll_delta) >= 1)
    {
      double steps = trunc (self->scroll_delta);

      self->scroll_delta -= steps;
      eb_pdf_view_set_zoom (self, self->zoom * pow (ZOOM_STEP, -steps));
    }
  return TRUE;
}

static void
clear_document (EbPdfView *self)
{
  GtkWidget *child;

  stop_worker (self);
  g_clear_handle_id (&self->fit_idle, g_source_remove);
  while (self->pages_box != NULL &&
         (child = gtk_widget_get_first_child (GTK_WIDGET (self->pages_box))) != NULL)
    gtk_box_remove (self->pages_box, child);
  g_ptr_array_set_size (self->slots, 0);
  g_clear_object (&self->document);
  g_clear_pointer (&self->pdf, g_bytes_unref);
  g_clear_pointer (&self->error_message, g_free);
  self->page = 0;
  self->anchor = -1;
  self->scroll_to_page = -1;
}

static void
page_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  EbPdfView *self = EB_PDF_VIEW (widget);

  if (g_str_equal (action_name, "pdf-view.previous-page"))
    {
      if (self->page > 0)
        eb_pdf_view_set_page (self, self->page - 1);
    }
  else if (g_str_equal (action_name, "pdf-view.next-page"))
    {
      if (self->page + 1 < self->slots->len)
        eb_pdf_view_set_page (self, self->page + 1);
    }
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  EbPdfView *self = EB_PDF_VIEW (widget);

  if (g_str_equal (action_name, "pdf-view.zoom-in"))
    eb_pdf_view_zoom_in (self);
  else if (g_str_equal (action_name, "pdf-view.zoom-out"))
    eb_pdf_view_zoom_out (self);
  else
    eb_pdf_view_set_fit_width (self, TRUE);
}

static void
eb_pdf_view_dispose (GObject *object)
{
  EbPdfView *self = EB_PDF_VIEW (object);

  self->disposed = TRUE;
  clear_document (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), EB_TYPE_PDF_VIEW);

  G_OBJECT_CLASS (eb_pdf_view_parent_class)->dispose (object);
}

static void
eb_pdf_view_finalize (GObject *object)
{
  EbPdfView *self = EB_PDF_VIEW (object);

  g_assert (self->worker == NULL);
  g_ptr_array_unref (self->slots);
  g_async_queue_unref (self->jobs);

  G_OBJECT_CLASS (eb_pdf_view_parent_class)->finalize (object);
}

static void
eb_pdf_view_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  EbPdfView *self = EB_PDF_VIEW (object);

  switch (prop_id)
    {
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_PAGE:
      g_value_set_uint (value, self->page);
      break;
    case PROP_N_PAGES:
      g_value_set_uint (value, self->slots->len);
      break;
    case PROP_FIT_WIDTH:
      g_value_set_boolean (value, self->fit_width);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->pending > 0);
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eb_pdf_view_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  EbPdfView *self = EB_PDF_VIEW (object);

  switch (prop_id)
    {
    case PROP_ZOOM:
      eb_pdf_view_set_zoom (self, g_value_get_double (value));
      break;
    case PROP_PAGE:
      eb_pdf_view_set_page (self, g_value_get_uint (value));
      break;
    case PROP_FIT_WIDTH:
      eb_pdf_view_set_fit_width (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
add_shortcut (GtkShortcutController *controller,
              guint                  keyval,
              GdkModifierType        modifiers,
              const char            *action)
{
  gtk_shortcut_controller_add_shortcut (controller,
                                        gtk_shortcut_new (gtk_keyval_trigger_new (keyval, modifiers),
                                                          gtk_named_action_new (action)));
}

static void
eb_pdf_view_class_init (EbPdfViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = eb_pdf_view_dispose;
  object_class->finalize = eb_pdf_view_finalize;
  object_class->get_property = eb_pdf_view_get_property;
  object_class->set_property = eb_pdf_view_set_property;

  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL,
                         EB_PDF_VIEW_ZOOM_MIN, EB_PDF_VIEW_ZOOM_MAX, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAGE] =
    g_param_spec_uint ("page", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_PAGES] =
    g_param_spec_uint ("n-pages", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FIT_WIDTH] =
    g_param_spec_boolean ("fit-width", NULL, NULL,
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/eimzabasvuru/EimzaBasvuru/ui/eb-pdf-view.ui");
  gtk_widget_class_bind_template_child (widget_class, EbPdfView, toolbar);
  gtk_widget_class_bind_template_child (widget_class, EbPdfView, stack);
  gtk_widget_class_bind_template_child (widget_class, EbPdfView, scrolled);
  gtk_widget_class_bind_template_child (widget_class, EbPdfView, pages_box);
  gtk_widget_class_bind_template_child (widget_class, EbPdfView, page_label);
  gtk_widget_class_bind_template_child (widget_class, EbPdfView, zoom_label);
  gtk_widget_class_bind_template_child (widget_class, EbPdfView, spinner);
  gtk_widget_class_bind_template_child (widget_class, EbPdfView, error_page);

  gtk_widget_class_install_action (widget_class, "pdf-view.previous-page", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "pdf-view.next-page", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "pdf-view.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "pdf-view.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "pdf-view.zoom-reset", NULL, zoom_action);
  gtk_widget_class_install_property_action (widget_class, "pdf-view.fit-width", "fit-width");

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "pdfview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
eb_pdf_view_init (EbPdfView *self)
{
  GtkEventController *controller;
  GtkShortcutController *shortcuts;
  GtkAdjustment *adjustment;

  self->slots = g_ptr_array_new_with_free_func ((GDestroyNotify) page_slot_free);
  self->jobs = g_async_queue_new ();
  self->zoom = 1.0;
  self->fit_width = TRUE;
  self->scale = 1;
  self->anchor = -1;
  self->scroll_to_page = -1;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);

  /* In the capture phase: the scrolled window would take Page Up and Page
   * Down for scrolling by a screen. */
  controller = gtk_shortcut_controller_new ();
  shortcuts = GTK_SHORTCUT_CONTROLLER (controller);
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  add_shortcut (shortcuts, GDK_KEY_Page_Up, 0, "pdf-view.previous-page");
  add_shortcut (shortcuts, GDK_KEY_Page_Down, 0, "pdf-view.next-page");
  add_shortcut (shortcuts, GDK_KEY_plus, 0, "pdf-view.zoom-in");
  add_shortcut (shortcuts, GDK_KEY_KP_Add, 0, "pdf-view.zoom-in");
  add_shortcut (shortcuts, GDK_KEY_plus, GDK_CONTROL_MASK, "pdf-view.zoom-in");
  add_shortcut (shortcuts, GDK_KEY_equal, GDK_CONTROL_MASK, "pdf-view.zoom-in");
  add_shortcut (shortcuts, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "pdf-view.zoom-in");
  add_shortcut (shortcuts, GDK_KEY_minus, 0, "pdf-view.zoom-out");
  add_shortcut (shortcuts, GDK_KEY_KP_Subtract, 0, "pdf-view.zoom-out");
  add_shortcut (shortcuts, GDK_KEY_minus, GDK_CONTROL_MASK, "pdf-view.zoom-out");
  add_shortcut (shortcuts, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "pdf-view.zoom-out");
  add_shortcut (shortcuts, GDK_KEY_0, GDK_CONTROL_MASK, "pdf-view.zoom-reset");
  add_shortcut (shortcuts, GDK_KEY_KP_0, GDK_CONTROL_MASK, "pdf-view.zoom-reset");
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self->scrolled), controller);

  adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled);
  g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (on_vadjustment_value_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adjustment, "changed", G_CALLBACK (on_vadjustment_changed),
                           self, G_CONNECT_SWAPPED);
  adjustment = gtk_scrolled_window_get_hadjustment (self->scrolled);
  g_signal_connect_object (adjustment, "notify::page-size", G_CALLBACK (on_hadjustment_page_size),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::scale-factor", G_CALLBACK (on_scale_factor), NULL);

  gtk_stack_set_visible_child_name (self->stack, "empty");
  update_labels (self);
}

GtkWidget *
eb_pdf_view_new (void)
{
  return g_object_new (EB_TYPE_PDF_VIEW, NULL);
}

static gboolean
fail (EbPdfView  *self,
      GError    **error,
      const char *message)
{
  self->error_message = g_strdup (message);
  adw_status_page_set_description (self->error_page, message);
  gtk_stack_set_visible_child_name (self->stack, "error");
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, message);
  return FALSE;
}

/**
 * eb_pdf_view_set_document:
 * @pdf: (nullable): the PDF file's bytes; %NULL empties the view
 *
 * On failure the view says why instead of showing pages, and @error says
 * the same (G_IO_ERROR_INVALID_DATA, a message for people).
 */
gboolean
eb_pdf_view_set_document (EbPdfView  *self,
                          GBytes     *pdf,
                          GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean ok = TRUE;
  int n_pages;

  g_return_val_if_fail (EB_IS_PDF_VIEW (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_object_freeze_notify (G_OBJECT (self));
  clear_document (self);

  if (pdf == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      goto out;
    }

  self->document = poppler_document_new_from_bytes (pdf, NULL, &local_error);
  if (self->document == NULL)
    {
      if (g_error_matches (local_error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
        ok = fail (self, error, _("The document is protected with a password and cannot be shown."));
      else
        ok = fail (self, error, _("The document is damaged or is not a PDF file, so it cannot be shown. "
                                  "Create it again."));
      g_debug ("poppler: %s", local_error->message);
      goto out;
    }

  n_pages = poppler_document_get_n_pages (self->document);
  if (n_pages <= 0)
    {
      g_clear_object (&self->document);
      ok = fail (self, error, _("The document has no pages."));
      goto out;
    }

  self->pdf = g_bytes_ref (pdf);
  for (int i = 0; i < n_pages; i++)
    {
      PageSlot *slot = g_new0 (PageSlot, 1);
      g_autofree char *label = NULL;

      slot->page = poppler_document_get_page (self->document, i);
      poppler_page_get_size (slot->page, &slot->width, &slot->height);
      slot->picture = gtk_picture_new ();
      gtk_picture_set_can_shrink (GTK_PICTURE (slot->picture), FALSE);
      gtk_widget_set_halign (slot->picture, GTK_ALIGN_CENTER);
      /* TRANSLATORS: the accessible name of a page of the document; %d is its number */
      label = g_strdup_printf (_("Page %d"), i + 1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (slot->picture),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      gtk_box_append (self->pages_box, slot->picture);
      g_ptr_array_add (self->slots, slot);
    }

  self->scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  if (self->fit_width)
    self->zoom = CLAMP (fit_width_zoom (self), EB_PDF_VIEW_ZOOM_MIN, EB_PDF_VIEW_ZOOM_MAX);
  render_pages (self);
  gtk_stack_set_visible_child_name (self->stack, "document");
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled), 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);

out:
  update_labels (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PAGES]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
  g_object_thaw_notify (G_OBJECT (self));
  return ok;
}

/**
 * eb_pdf_view_get_document:
 * Returns: (transfer none) (nullable): the bytes shown
 */
GBytes *
eb_pdf_view_get_document (EbPdfView *self)
{
  g_return_val_if_fail (EB_IS_PDF_VIEW (self), NULL);

  return self->pdf;
}

guint
eb_pdf_view_get_n_pages (EbPdfView *self)
{
  g_return_val_if_fail (EB_IS_PDF_VIEW (self), 0);

  return self->slots->len;
}

/* 0-based, the page at the top of the view. */
guint
eb_pdf_view_get_page (EbPdfView *self)
{
  g_return_val_if_fail (EB_IS_PDF_VIEW (self), 0);

  return self->page;
}

void
eb_pdf_view_set_page (EbPdfView *self,
                      guint      page)
{
  g_return_if_fail (EB_IS_PDF_VIEW (self));

  if (self->slots->len == 0)
    return;
  page = MIN (page, self->slots->len - 1);

  /* Not laid out yet: scroll there when it is. */
  if (!scroll_to_page (self, page))
    self->scroll_to_page = page;
  set_current_page (self, page);
}

double
eb_pdf_view_get_zoom (EbPdfView *self)
{
  g_return_val_if_fail (EB_IS_PDF_VIEW (self), 1.0);

  return self->zoom;
}

/* Leaves fit-width mode. */
void
eb_pdf_view_set_zoom (EbPdfView *self,
                      double     zoom)
{
  g_return_if_fail (EB_IS_PDF_VIEW (self));

  eb_pdf_view_set_fit_width (self, FALSE);
  apply_zoom (self, zoom);
}

gboolean
eb_pdf_view_get_fit_width (EbPdfView *self)
{
  g_return_val_if_fail (EB_IS_PDF_VIEW (self), FALSE);

  return self->fit_width;
}

void
eb_pdf_view_set_fit_width (EbPdfView *self,
                           gboolean   fit_width)
{
  g_return_if_fail (EB_IS_PDF_VIEW (self));

  fit_width = !!fit_width;
  if (fit_width == self->fit_width)
    return;

  self->fit_width = fit_width;
  if (fit_width && self->slots->len > 0)
    apply_zoom (self, fit_width_zoom (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIT_WIDTH]);
}

void
eb_pdf_view_zoom_in (EbPdfView *self)
{
  g_return_if_fail (EB_IS_PDF_VIEW (self));

  eb_pdf_view_set_zoom (self, self->zoom * ZOOM_STEP);
}

void
eb_pdf_view_zoom_out (EbPdfView *self)
{
  g_return_if_fail (EB_IS_PDF_VIEW (self));

  eb_pdf_view_set_zoom (self, self->zoom / ZOOM_STEP);
}

/* TRUE while pages are being rendered in the background. */
gboolean
eb_pdf_view_get_busy (EbPdfView *self)
{
  g_return_val_if_fail (EB_IS_PDF_VIEW (self), FALSE);

  return self->pending > 0;
}

/**
 * eb_pdf_view_get_error_message:
 * Returns: (nullable): why the last document could not be shown
 */
const char *
eb_pdf_view_get_error_message (EbPdfView *self)
{
  g_return_val_if_fail (EB_IS_PDF_VIEW (self), NULL);

  return self->error_message;
}

gboolean
eb_pdf_view_get_rendered_size (EbPdfView *self,
                               guint      page,
                               int       *width,
                               int       *height)
{
  PageSlot *slot;

  g_return_val_if_fail (EB_IS_PDF_VIEW (self), FALSE);

  if (page >= self->slots->len)
    return FALSE;
  slot = g_ptr_array_index (self->slots, page);
  if (!slot->sharp || slot->texture == NULL)
    return FALSE;

  if (width != NULL)
    *width = gdk_texture_get_width (slot->texture);
  if (height != NULL)
    *height = gdk_texture_get_height (slot->texture);
  return TRUE;
}

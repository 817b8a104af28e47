// Reporting: SVG plots (reliability diagrams, risk–coverage, curves), PNG raster, the HTML report
// and the model card. Every figure is written with the CSV of the numbers behind it.
